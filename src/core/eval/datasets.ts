// Evaluation texts as lines. Parsers take bytes the caller fetched (browser fetch, Node fs), so
// the same code serves the app, the worker and the CLI. Blank lines are kept here: skipping them
// is a decision of the protocol (the classic one keeps them).
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { EvalError } from './errors.ts';

export const DEFAULT_HUB_HOST = 'https://huggingface.co';
/** wikitext-2-raw-v1, test split (4358 rows, many of them empty), as the hub stores it. */
export const WIKITEXT2_TEST_PATH = 'datasets/Salesforce/wikitext/resolve/main/wikitext-2-raw-v1/test-00000-of-00001.parquet';

export type DatasetId = 'sotu-heldout' | 'wikitext-2-test' | 'wikitext-2-test[:10%]' | 'user-text';

export function wikitext2TestUrl(host = DEFAULT_HUB_HOST): string {
  return `${host.replace(/\/+$/, '')}/${WIKITEXT2_TEST_PATH}`;
}

type Bytes = ArrayBuffer | Uint8Array;

function toArrayBuffer(bytes: Bytes): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** One line per paragraph; \n, \r\n or \r; the newline ending the file does not add a line. */
export function linesFromText(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A text file the user dropped in: UTF-8 (a byte-order mark is dropped), split into lines. */
export function linesFromBytes(bytes: Bytes): string[] {
  return linesFromText(new TextDecoder('utf-8').decode(bytes));
}

/** The string column `column` of a parquet file, row by row (null rows become ''). */
export async function readParquetText(bytes: Bytes, column = 'text'): Promise<string[]> {
  const file = toArrayBuffer(bytes);
  let columns: string[];
  try {
    columns = parquetMetadata(file).schema.slice(1).map((s) => s.name);
  } catch (error) {
    throw new EvalError('bad-parquet', {
      expected: 'a parquet file (it starts and ends with "PAR1")',
      found: `${file.byteLength} bytes that do not parse (${(error as Error).message})`,
      fix: 'Download the file again, or drop in a plain .txt file instead.',
    }, { cause: error });
  }
  if (!columns.includes(column)) {
    throw new EvalError('bad-parquet', { expected: `a parquet file with a "${column}" column`, found: `columns ${columns.join(', ') || '(none)'}`, fix: 'Use the wikitext parquet file, or a text file.' });
  }
  const rows = await parquetReadObjects({ file, columns: [column] });
  return rows.map((row) => {
    const value = row[column];
    return value == null ? '' : String(value);
  });
}

/**
 * The first `percent` % of rows, as 🤗 datasets slices `split="test[:10%]"`: the boundary is
 * round(percent · n / 100) with Python's round-half-to-even (4358 rows → 436).
 */
export function firstPercent<T>(rows: readonly T[], percent: number): T[] {
  const exact = (percent * rows.length) / 100;
  const floor = Math.floor(exact);
  const diff = exact - floor;
  const end = diff > 0.5 || (diff === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  return rows.slice(0, end);
}

/**
 * Fetches a data set file; HTTP and network failures become EvalError('hub-failure') saying
 * what to do. `fetchFn` is injected (browser fetch, Node fetch, or a local mirror in tests).
 */
export async function fetchDatasetBytes(url: string, fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<ArrayBuffer> {
  const fix = 'Check the connection (or the hub host setting), or download the file yourself and drop it in.';
  let response: Response;
  try {
    response = await fetchFn(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new EvalError('hub-failure', { expected: `a response from ${url}`, found: `a network error (${(error as Error).message})`, fix }, { cause: error });
  }
  if (!response.ok) {
    throw new EvalError('hub-failure', { expected: `HTTP 200 from ${url}`, found: `HTTP ${response.status} ${response.statusText}`.trim(), fix });
  }
  return response.arrayBuffer();
}
