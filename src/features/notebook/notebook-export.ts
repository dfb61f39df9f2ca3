// Gathers the notebook for export: registered sources (answers, lab link, later results and
// charts) plus the lesson text cells on screen, in page order, then writes .ipynb or Markdown.
import type { PlacedBlock } from '../../core/notebook/blocks.ts';
import { buildNotebook, serializeNotebook, type NotebookExportInput } from '../../core/notebook/ipynb-build.ts';
import { buildMarkdown } from '../../core/notebook/markdown-export.ts';
import { QUESTIONS } from '../../core/notebook/questions.ts';
import { cellOf } from '../../state/answers-reducer.ts';
import { answersController } from '../../state/answers-app.ts';
import { exportSources, type NotebookExportSource } from '../../state/export-registry.ts';
import { domToMarkdown } from './dom-to-markdown.ts';
import { downloadText } from '../../ui/download.ts';

export const NOTEBOOK_TITLE = 'bitlab: model compression, done for real';

type Item = { element: Element; source: NotebookExportSource | null };

function lessonSource(element: Element, index: number): NotebookExportSource {
  const id = element.getAttribute('aria-labelledby') ?? `lesson-${index + 1}`;
  return { id, anchor: () => element, collect: () => [{ kind: 'markdown', key: 'text', markdown: domToMarkdown(element) }] };
}

export async function collectNotebookBlocks(root: Element): Promise<PlacedBlock[]> {
  const items: Item[] = [];
  for (const source of exportSources()) {
    const element = source.anchor();
    if (element && root.contains(element)) items.push({ element, source });
  }
  // Text cells nobody registered (the lesson's prose) are exported as they read on screen.
  const claimed = (el: Element) => items.some(({ element }) => element.contains(el) || el.contains(element));
  root.querySelectorAll('.cell-text').forEach((element) => {
    if (!claimed(element)) items.push({ element, source: null });
  });
  items.sort((a, b) => (a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const placed: PlacedBlock[] = [];
  for (const [index, { element, source }] of items.entries()) {
    const from = source ?? lessonSource(element, index);
    for (const block of await from.collect()) placed.push({ sourceId: from.id, block });
  }
  return placed;
}

async function exportInput(root: Element): Promise<NotebookExportInput> {
  return { title: NOTEBOOK_TITLE, exportedAt: new Date().toISOString(), blocks: await collectNotebookBlocks(root) };
}

export async function notebookAsIpynb(root: Element): Promise<string> {
  return serializeNotebook(buildNotebook(await exportInput(root)));
}

export async function notebookAsMarkdown(root: Element): Promise<string> {
  return buildMarkdown(await exportInput(root));
}

/** Just the questions and answers, as Markdown (the fallback when storage fails). */
export function answersAsMarkdown(): string {
  const state = answersController().store.getState();
  const blocks: PlacedBlock[] = QUESTIONS.map((q) => ({
    sourceId: 'answers',
    block: { kind: 'answer', questionId: q.id, text: cellOf(state, q.id).text },
  }));
  return buildMarkdown({ title: `${NOTEBOOK_TITLE}: my answers`, exportedAt: new Date().toISOString(), blocks });
}

export function downloadAnswersMarkdown(): void {
  downloadText('bitlab-answers.md', answersAsMarkdown(), 'text/markdown');
}

export { downloadText };
