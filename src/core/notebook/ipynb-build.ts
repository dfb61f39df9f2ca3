// Builds an nbformat 4.5 notebook from placed blocks. Everything is a markdown cell: there is
// no code to run, and markdown cells with attachments show tables and charts in Jupyter,
// JupyterLab, Colab and GitHub alike. Answer cells carry metadata.bitlab so that importing
// the file finds them again even after the student edited or moved cells in Jupyter.
import { assertNever, checkBlock, markdownTable, type ExportBlock, type PlacedBlock } from './blocks.ts';
import {
  BITLAB_CELL_SCHEMA, CELL_ID_PATTERN, NBFORMAT, NBFORMAT_MINOR, toSourceLines,
  type BitlabCellMeta, type IpynbMarkdownCell, type IpynbNotebook,
} from './ipynb-types.ts';
import { questionById, type QuestionId } from './questions.ts';

export interface NotebookExportInput {
  readonly title: string;
  /** ISO time, passed in so that exports are reproducible in tests. */
  readonly exportedAt: string;
  readonly blocks: readonly PlacedBlock[];
}

export const EXPORT_PREAMBLE =
  'Exported from bitlab. Your answers are the cells under each question: you can edit them here, ' +
  'and import this file into bitlab again to continue there (keep the cells’ metadata).';

export function escapeMarkdownText(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** The question cell shown above an answer: same words as in the app. */
export function questionMarkdown(questionId: QuestionId): string {
  const question = questionById(questionId);
  return `### Question ${question.number}\n\n**${escapeMarkdownText(question.text)}**`;
}

/** Cell ids must be unique, 1–64 characters of [a-zA-Z0-9-_]; make any wish fit. */
export function makeCellIdAllocator(): (wish: string) => string {
  const used = new Set<string>();
  return (wish) => {
    const base = (wish.replace(/[^a-zA-Z0-9-_]+/g, '-').replace(/^-+|-+$/g, '') || 'cell').slice(0, 56);
    let id = base;
    for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
    used.add(id);
    if (!CELL_ID_PATTERN.test(id) || id.length > 64) throw new Error(`cell id allocator produced "${id}"`);
    return id;
  };
}

function cell(id: string, markdown: string, bitlab: BitlabCellMeta, attachments?: IpynbMarkdownCell['attachments']): IpynbMarkdownCell {
  const result: IpynbMarkdownCell = { id, cell_type: 'markdown', metadata: { bitlab }, source: toSourceLines(markdown) };
  if (attachments) result.attachments = attachments;
  return result;
}

function blockCells(sourceId: string, block: ExportBlock, nextId: (wish: string) => string): IpynbMarkdownCell[] {
  const content: BitlabCellMeta = { kind: 'content', source: sourceId, schema: BITLAB_CELL_SCHEMA };
  switch (block.kind) {
    case 'markdown':
      return [cell(nextId(`${sourceId}-${block.key}`), block.markdown, content)];
    case 'table': {
      const parts = [block.title ? `**${escapeMarkdownText(block.title)}**` : '', markdownTable(block.columns, block.rows), block.note ?? ''];
      return [cell(nextId(`${sourceId}-${block.key}`), parts.filter(Boolean).join('\n\n'), content)];
    }
    case 'image': {
      const name = `${nextId(`${sourceId}-${block.key}`)}.png`;
      const alt = block.alt.replace(/[[\]\\]/g, '\\$&');
      const markdown = [block.title ? `**${escapeMarkdownText(block.title)}**` : '', `![${alt}](attachment:${name})`].filter(Boolean).join('\n\n');
      return [cell(name.slice(0, -4), markdown, content, { [name]: { 'image/png': block.pngBase64 } })];
    }
    case 'answer': {
      const meta = { questionId: block.questionId, schema: BITLAB_CELL_SCHEMA } as const;
      return [
        cell(nextId(`question-${block.questionId}`), questionMarkdown(block.questionId), { kind: 'question', ...meta }),
        cell(nextId(`answer-${block.questionId}`), block.text, { kind: 'answer', ...meta }),
      ];
    }
    default:
      return assertNever(block);
  }
}

export function buildNotebook(input: NotebookExportInput): IpynbNotebook {
  const nextId = makeCellIdAllocator();
  const header = cell(nextId('bitlab-title'), `# ${escapeMarkdownText(input.title)}\n\n*${EXPORT_PREAMBLE}*`, {
    kind: 'content', source: 'export', schema: BITLAB_CELL_SCHEMA,
  });
  const cells = input.blocks.flatMap(({ sourceId, block }) => blockCells(sourceId, checkBlock(sourceId, block), nextId));
  return {
    nbformat: NBFORMAT,
    nbformat_minor: NBFORMAT_MINOR,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
      title: input.title,
      bitlab: { schema: BITLAB_CELL_SCHEMA, exportedAt: input.exportedAt },
    },
    cells: [header, ...cells],
  };
}

/** The file text: pretty-printed like Jupyter writes it (1-space indent, trailing newline). */
export function serializeNotebook(notebook: IpynbNotebook): string {
  return `${JSON.stringify(notebook, null, 1)}\n`;
}
