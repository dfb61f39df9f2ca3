// The frame every chart sits in: title, its own toggles, an HTML legend, the plot as an image
// with a summary for screen readers, a "Table" toggle with the same numbers, PNG/SVG export,
// and registration with the notebook export (table + PNG). Knows nothing about recharts.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { fileStem, type LegendEntry } from '../../core/charts/svg-text.ts';
import type { ExportBlock } from '../../core/notebook/blocks.ts';
import { registerExportSource } from '../../state/export-registry.ts';
import { blobToBase64, downloadBlob, exportSvg, svgToPng } from './svg-export.ts';
import type { ChartTable } from './types.ts';
import './charts.css';

export interface ChartFrameProps {
  /** Stable, [a-z0-9-]: the data-chart attribute, export ids and file names derive from it. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows, in a sentence: the plot's aria-label and the export's alt text. */
  readonly summary: string;
  readonly legend?: readonly LegendEntry[];
  readonly tables: readonly ChartTable[];
  /** Chart-specific toggles (units, EP, layer), shown beside the title. */
  readonly controls?: ReactNode;
  /** Shown instead of the plot when there is nothing to draw. */
  readonly empty?: string;
  readonly children: ReactNode;
}

export function ChartFrame({ id, title, summary, legend = [], tables, controls, empty, children }: ChartFrameProps) {
  const [showTable, setShowTable] = useState(false);
  const [exportError, setExportError] = useState<string>();
  const frame = useRef<HTMLElement>(null);
  const tableId = useId();
  const svg = () => frame.current?.querySelector<SVGSVGElement>('.chart-plot svg.recharts-surface') ?? null;

  // Latest props for the export source without re-registering it on every render.
  const latest = useRef({ title, summary, legend, tables });
  useEffect(() => {
    latest.current = { title, summary, legend, tables };
  });
  useEffect(() => registerExportSource({
    id: `chart-${id}`,
    anchor: () => frame.current,
    collect: async () => {
      const { title: t, summary: s, legend: l, tables: ts } = latest.current;
      const blocks: ExportBlock[] = ts.map((table) => ({ kind: 'table', ...table, key: `${table.key}-table`, title: table.title ?? t }));
      const element = svg();
      if (element) blocks.unshift({ kind: 'image', key: 'chart', title: t, alt: s, pngBase64: await blobToBase64(await svgToPng(exportSvg(element, t, l))) });
      return blocks;
    },
  }), [id]);

  async function save(kind: 'png' | 'svg') {
    const element = svg();
    if (!element) return;
    try {
      setExportError(undefined);
      const exported = exportSvg(element, title, legend);
      const blob = kind === 'svg' ? new Blob([exported.text], { type: 'image/svg+xml' }) : await svgToPng(exported);
      downloadBlob(blob, `${fileStem(title)}.${kind}`);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <figure className="chart-frame" data-chart={id} ref={frame}>
      <figcaption className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="chart-tools">
          {controls}
          <button type="button" className="btn chart-btn" aria-pressed={showTable} aria-controls={tableId}
            onClick={() => setShowTable((v) => !v)}>Table</button>
          <button type="button" className="btn chart-btn" disabled={!!empty} onClick={() => void save('png')}>PNG</button>
          <button type="button" className="btn chart-btn" disabled={!!empty} onClick={() => void save('svg')}>SVG</button>
        </span>
      </figcaption>
      {empty ? <p className="chart-empty">{empty}</p> : (
        <>
          <div className="chart-plot" role="img" aria-label={summary}>{children}</div>
          {legend.length > 0 && (
            <ul className="chart-legend" aria-hidden="true">
              {legend.map((entry) => (
                <li key={entry.label}><span className={`swatch ${entry.shape ?? 'square'}`} style={{ background: entry.color }} />{entry.label}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {exportError && <p role="alert" className="chart-error">{exportError}</p>}
      <div id={tableId} hidden={!showTable} className="chart-tables">
        {tables.map((table) => <DataTable key={table.key} table={table} fallbackTitle={title} />)}
      </div>
    </figure>
  );
}

function DataTable({ table, fallbackTitle }: { table: ChartTable; fallbackTitle: string }) {
  return (
    <table className="data chart-table" data-table={table.key}>
      <caption>{table.title ?? fallbackTitle}</caption>
      <thead><tr>{table.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
      <tbody>
        {table.rows.map((row, r) => (
          <tr key={r}>{row.map((cell, c) => <td key={c} className={typeof cell === 'number' ? 'mono' : 'text'}>{cell ?? '—'}</td>)}</tr>
        ))}
      </tbody>
      {table.note && <tfoot><tr><td colSpan={table.columns.length}>{table.note}</td></tr></tfoot>}
    </table>
  );
}
