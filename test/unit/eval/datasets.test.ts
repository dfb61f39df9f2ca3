// Data-set parsing from bytes: text files, the wikitext parquet layout (written here with
// hyparquet-writer, read back through our reader), the 10 % slice, and fetch failures.
import fs from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { fetchDatasetBytes, firstPercent, linesFromBytes, linesFromText, readParquetText, wikitext2TestUrl } from '../../../src/core/eval/datasets.ts';

const HELD_OUT = 'public/data/mini-bert-sotu.txt';
const heldOut = fs.existsSync(HELD_OUT)
  ? linesFromText(fs.readFileSync(HELD_OUT, 'utf8')).slice(0, 200)
  : ['The state of the Union is strong.', '', 'We have had a year of peace.', 'Fellow citizens of the Senate and House of Representatives:'];

describe('text files', () => {
  it('one line per paragraph, any newline, no phantom last line, BOM dropped', () => {
    expect(linesFromText('a\r\nb\n\nc\rd\n')).toEqual(['a', 'b', '', 'c', 'd']);
    expect(linesFromText('')).toEqual([]);
    expect(linesFromBytes(new TextEncoder().encode('\uFEFFé ü\nx'))).toEqual(['é ü', 'x']);
  });
});

describe('parquet (wikitext layout: one string column "text")', () => {
  // wikitext rows look like " = Title = \n", " text … \n" and "" — keep them verbatim.
  const rows = ['', ' = Robert Boulter = \n', ...heldOut.map((l) => ` ${l} \n`), ''];

  it('reads back exactly the rows written with hyparquet-writer', async () => {
    const bytes = parquetWriteBuffer({ columnData: [{ name: 'text', data: rows, type: 'STRING' }] });
    expect(await readParquetText(bytes)).toEqual(rows);
    expect(await readParquetText(new Uint8Array(bytes))).toEqual(rows);
  });

  it('finds the text column among others; several row groups', async () => {
    const bytes = parquetWriteBuffer({
      columnData: [{ name: 'id', data: Int32Array.from(rows, (_, i) => i), type: 'INT32' }, { name: 'text', data: rows, type: 'STRING' }],
      rowGroupSize: 7,
    });
    expect(await readParquetText(bytes, 'text')).toEqual(rows);
  });

  it('bad bytes or no text column → bad-parquet', async () => {
    await expect(readParquetText(new TextEncoder().encode('not parquet at all'))).rejects.toMatchObject({ code: 'bad-parquet' });
    const other = parquetWriteBuffer({ columnData: [{ name: 'sentence', data: ['x'], type: 'STRING' }] });
    await expect(readParquetText(other)).rejects.toThrow(/"text" column; found columns sentence/);
  });

  it('first 10 % of rows like datasets\' split="test[:10%]"', () => {
    const n4358 = Array.from({ length: 4358 }, (_, i) => i);
    expect(firstPercent(n4358, 10)).toHaveLength(436);
    expect(firstPercent(Array(25).fill(0), 10)).toHaveLength(2); // 2.5 → 2 (half to even)
    expect(firstPercent(Array(35).fill(0), 10)).toHaveLength(4); // 3.5 → 4
  });
});

describe('hub fetch', () => {
  it('builds the hub path on a configurable host', () => {
    expect(wikitext2TestUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/datasets/Salesforce/wikitext/resolve/main/wikitext-2-raw-v1/test-00000-of-00001.parquet');
  });

  it('HTTP errors and network errors → hub-failure with a next step', async () => {
    const notFound = (async () => new Response('nope', { status: 404, statusText: 'Not Found' })) as typeof fetch;
    await expect(fetchDatasetBytes('http://x/f.parquet', notFound)).rejects.toThrow(/found HTTP 404 Not Found\. Check the connection/);
    const offline = (async () => { throw new TypeError('fetch failed'); }) as typeof fetch;
    await expect(fetchDatasetBytes('http://x/f.parquet', offline)).rejects.toMatchObject({ code: 'hub-failure' });
    const ok = (async () => new Response(new Uint8Array([1, 2, 3]))) as typeof fetch;
    expect(new Uint8Array(await fetchDatasetBytes('http://x/f.parquet', ok))).toEqual(new Uint8Array([1, 2, 3]));
  });
});
