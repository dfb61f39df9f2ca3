// What a notebook export is made of. Every part of the app that has something to show in an
// exported notebook (lesson text, lab links, result tables, chart images, answers) hands the
// exporter a list of these plain blocks; the .ipynb and Markdown writers only read blocks.
import { ExportBlockInvalidError, describeValue } from './errors.ts';
import type { QuestionId } from './questions.ts';

export type TableValue = string | number | null;

export interface MarkdownBlock {
  readonly kind: 'markdown';
  /** Unique within its source; becomes part of the cell id. */
  readonly key: string;
  readonly markdown: string;
}

export interface TableBlock {
  readonly kind: 'table';
  readonly key: string;
  readonly title?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly TableValue[])[];
  /** A sentence under the table: units, how it was measured. */
  readonly note?: string;
}

export interface ImageBlock {
  readonly kind: 'image';
  readonly key: string;
  readonly title?: string;
  /** Describes the chart for readers who cannot see it (required: the export is shared). */
  readonly alt: string;
  /** PNG file bytes as base64, without a "data:" prefix. */
  readonly pngBase64: string;
}

export interface AnswerBlock {
  readonly kind: 'answer';
  readonly questionId: QuestionId;
  readonly text: string;
}

export type ExportBlock = MarkdownBlock | TableBlock | ImageBlock | AnswerBlock;

/** A block with the id of the source that contributed it, in notebook order. */
export interface PlacedBlock {
  readonly sourceId: string;
  readonly block: ExportBlock;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** The 8-byte PNG signature, base64-encoded, is the prefix of every PNG's base64. */
const PNG_SIGNATURE_BASE64 = 'iVBORw0KGgo';

export function checkBlock(sourceId: string, block: ExportBlock): ExportBlock {
  const fail = (expected: string, found: unknown) =>
    new ExportBlockInvalidError('invalid-export-block', {
      expected: `${expected} (from export source "${sourceId}")`,
      found: describeValue(found),
      action: 'This is a bug in bitlab: please report it with the notebook section that was being exported.',
    });
  switch (block.kind) {
    case 'markdown':
    case 'answer':
      return block;
    case 'table': {
      const width = block.columns.length;
      const bad = block.rows.find((row) => row.length !== width);
      if (width === 0) throw fail('a table with at least one column', block.columns);
      if (bad) throw fail(`table rows of ${width} cells`, bad);
      return block;
    }
    case 'image': {
      const data = block.pngBase64.replace(/\s+/g, '');
      if (!data.startsWith(PNG_SIGNATURE_BASE64) || !BASE64.test(data)) throw fail('base64 PNG data', block.pngBase64);
      if (block.alt.trim() === '') throw fail('an image description (alt text)', block.alt);
      return { ...block, pngBase64: data };
    }
    default:
      return assertNever(block);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

/** Markdown table text; pipes and line breaks inside cells are escaped so the grid holds. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly TableValue[])[]): string {
  const cell = (value: TableValue) =>
    (value === null ? '—' : String(value)).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: readonly TableValue[]) => `| ${cells.map(cell).join(' | ')} |`;
  const align = columns.map((_, i) => (rows.every((row) => typeof row[i] === 'number' || row[i] === null) && rows.length ? '---:' : '---'));
  return [line(columns), `| ${align.join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** Base64 of bytes, without Buffer or btoa so it runs anywhere. */
export function bytesToBase64(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += alphabet[a >> 2]! + alphabet[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : alphabet[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : alphabet[c & 63]!;
  }
  return out;
}
