// Parts of the notebook that contribute to exports register here. A later issue adds result
// tables and chart images by registering a source next to its component:
//
//   useExportSource({
//     id: 'quantization-results',
//     anchor: () => sectionRef.current,
//     collect: async () => [
//       { kind: 'table', key: 'footprint', title: 'Model size', columns: ['Format', 'MB'], rows },
//       { kind: 'image', key: 'ppl-chart', alt: 'Perplexity per format', pngBase64 },
//     ],
//   });
//
// The exporter puts each source's blocks where its anchor element sits in the page, so the
// export follows the notebook's order when cells move.
import type { ExportBlock } from '../core/notebook/blocks.ts';

export interface NotebookExportSource {
  /** Stable, unique, [a-zA-Z0-9-_]: prefixes the ids of the exported cells. */
  readonly id: string;
  /** The element on screen this content belongs to; null = not shown now, not exported. */
  anchor(): Element | null;
  /** What to export now. May be async (e.g. rendering a chart to PNG). */
  collect(): readonly ExportBlock[] | Promise<readonly ExportBlock[]>;
}

const sources = new Map<string, NotebookExportSource>();

/** Registers a source; returns the function that removes it. A second source with the same id replaces the first. */
export function registerExportSource(source: NotebookExportSource): () => void {
  sources.set(source.id, source);
  return () => {
    if (sources.get(source.id) === source) sources.delete(source.id);
  };
}

export function exportSources(): readonly NotebookExportSource[] {
  return [...sources.values()];
}
