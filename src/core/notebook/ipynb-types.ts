// The part of nbformat 4.5 (https://nbformat.readthedocs.io, schema nbformat.v4.5.schema.json)
// that bitlab writes: markdown cells only, with cell ids, metadata and attachments.

export const NBFORMAT = 4;
export const NBFORMAT_MINOR = 5;
/** Cell ids in nbformat 4.5: 1–64 characters from this set. */
export const CELL_ID_PATTERN = /^[a-zA-Z0-9-_]+$/;
export const BITLAB_CELL_SCHEMA = 1;

export type BitlabCellMeta =
  | { readonly kind: 'answer'; readonly questionId: string; readonly schema: typeof BITLAB_CELL_SCHEMA }
  | { readonly kind: 'question'; readonly questionId: string; readonly schema: typeof BITLAB_CELL_SCHEMA }
  | { readonly kind: 'content'; readonly source: string; readonly schema: typeof BITLAB_CELL_SCHEMA };

export interface IpynbMarkdownCell {
  id: string;
  cell_type: 'markdown';
  metadata: { bitlab?: BitlabCellMeta; [key: string]: unknown };
  source: string[];
  attachments?: Record<string, { 'image/png': string }>;
}

export interface IpynbNotebook {
  nbformat: typeof NBFORMAT;
  nbformat_minor: typeof NBFORMAT_MINOR;
  metadata: {
    kernelspec: { name: string; display_name: string; language: string };
    language_info: { name: string };
    title: string;
    bitlab: { schema: typeof BITLAB_CELL_SCHEMA; exportedAt: string };
  };
  cells: IpynbMarkdownCell[];
}

/** nbformat's "multiline string": a list of lines, each but the last ending in "\n". */
export function toSourceLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

export function fromSource(source: unknown): string | null {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((line) => typeof line === 'string')) return source.join('');
  return null;
}
