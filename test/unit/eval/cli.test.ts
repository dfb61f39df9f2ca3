// `bitlab eval` as users run it (a child process per call) on the tiny model with a tiny
// WordPiece tokenizer written to a temp folder.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIKITEXT2_TEST_PATH } from '../../../src/core/eval/datasets.ts';
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { tinyTokenizerFiles } from '../../helpers/eval-tokenizers.ts';
import { buildTinyBert, tinyBertConfig } from '../../helpers/tiny-bert-onnx.ts';

const run = promisify(execFile);
const bin = path.resolve('bin/bitlab.mjs');
let dir: string;

async function bitlab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'eval', ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bitlab-eval-'));
  const write = (file: string, content: string | Uint8Array) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };
  const { tokenizerJson, tokenizerConfig } = tinyTokenizerFiles(96);
  write('tiny/config.json', JSON.stringify({ ...tinyBertConfig({ maxPositions: 16 }), model_type: 'bert', architectures: ['BertForMaskedLM'] }));
  write('tiny/tokenizer.json', JSON.stringify(tokenizerJson));
  write('tiny/tokenizer_config.json', JSON.stringify(tokenizerConfig));
  write('tiny/onnx/model.onnx', encodeModel(buildTinyBert({ vocab: 96, maxPositions: 16 })));
  write('big/tokenizer.json', JSON.stringify(tinyTokenizerFiles(120).tokenizerJson));
  write('text.txt', 'The State of the Union is strong.\n\nWe the people, and our Congress.\nPeace and war, year to year.\n');
  write('blank.txt', '\n   \n\n');
  write('wiki.parquet', new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'text', data: WIKI_ROWS, type: 'STRING' }] })));
});

// wikitext-like rows: 30 rows, 10 % = 3 rows, of which one is empty.
const WIKI_ROWS = Array.from({ length: 30 }, (_, i) => (i % 3 === 1 ? '' : ` the people of the union , year ${i % 2 ? 'and' : 'of'} peace . \n`));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bitlab eval', () => {
  it('prints perplexity, accuracy, tokens, lines, CI and latency as JSON', async () => {
    const { code, stdout, stderr } = await bitlab('tiny', '--text', 'text.txt', '--seed', '3', '--batch', '2', '--repeats', '2', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['perplexity', 'accuracy', 'masked_tokens', 'lines', 'ci95', 'latency_ms', 'tokens_per_s']));
    expect(report.lines).toBe(3);
    expect(report.perplexity).toBeGreaterThan(1);
    expect(report.ci95).toHaveLength(2);
    expect(Object.keys(report.latency_ms)).toEqual(['median', 'p90']);
    expect(report.settings).toMatchObject({ seed: 3, maxLength: 16, batch: 2 });
    // Human-readable form, and --recipe: the variant is paired with the model as given.
    const text = await bitlab('tiny/onnx/model.onnx', '--text', 'text.txt', '--seed', '3', '--recipe', 'int8', '--repeats', '1');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/as-given \(masked-lm, node-wasm\): perplexity [\d.]+ \[95 % CI/);
    expect(text.stdout).toMatch(/int8 .*\n.*\n.*\n {2}vs as-given: Δ perplexity/);
    expect(text.stdout).toContain(`perplexity ${report.perplexity.toFixed(3)}`);
  }, 120_000);

  it('--rounds times each variant in turns with the model as given (the browser\'s paired latency)', async () => {
    const { code, stdout } = await bitlab('tiny', '--text', 'text.txt', '--recipe', 'nf4', '--rounds', '6', '--json');
    expect(code).toBe(0);
    const [given, nf4] = JSON.parse(stdout) as Record<string, unknown>[];
    expect(given!.latency_vs_baseline).toBeUndefined();
    const speed = nf4!.latency_vs_baseline as { ratio: number; ci95: number[]; range: number[]; rounds: number; verdict: string };
    expect(speed.rounds).toBe(6);
    expect(speed.ci95).toEqual(speed.range); // 6 rounds: the interval is [min, max]
    expect(speed.ci95[0]).toBeLessThanOrEqual(speed.ratio);
    expect(speed.ci95[1]).toBeGreaterThanOrEqual(speed.ratio);
    expect(['faster', 'slower', 'within noise', 'no detectable difference']).toContain(speed.verdict);
    expect((nf4!.latency_batch as { repeats: number }).repeats).toBe(12); // 6 rounds × 2 calls
    const text = await bitlab('tiny', '--text', 'text.txt', '--recipe', 'nf4', '--rounds', '3');
    expect(text.stdout).toMatch(/nf4 [^]*model call [\d.]+× as-given over 3 paired rounds: too few rounds/);
    expect((await bitlab('tiny', '--text', 'text.txt', '--rounds', '0')).stderr).toMatch(/rounds/);
  }, 120_000);

  it('--protocol classic is labelled misleading', async () => {
    const { code, stdout } = await bitlab('tiny', '--text', 'text.txt', '--protocol', 'classic', '--seed', '1', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ label: 'classic (misleading)', emptyLines: 1, seed: 1 });
  }, 60_000);

  it('reads parquet files and the hub data set (from a local mirror of the hub layout)', async () => {
    const local = await bitlab('tiny', '--text', 'wiki.parquet', '--repeats', '1', '--json');
    expect(JSON.parse(local.stdout)).toMatchObject({ lines: 20, skipped_lines: { empty: 10 } });
    const body = fs.readFileSync(path.join(dir, 'wiki.parquet'));
    const server = http.createServer((req, res) => {
      if (req.url === `/${WIKITEXT2_TEST_PATH}`) res.end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const hub = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const tenth = await bitlab('tiny', '--dataset', 'wikitext-2-test[:10%]', '--hub', hub, '--repeats', '1', '--json');
      expect(JSON.parse(tenth.stdout)).toMatchObject({ lines: 2, skipped_lines: { empty: 1 } });
      const missing = await bitlab('tiny', '--dataset', 'wikitext-2-test', '--hub', `${hub}/nothing-here`);
      expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/\[hub-failure\].*found HTTP 404/)]);
    } finally {
      server.close();
    }
  }, 60_000);

  it.each([
    [['tiny', '--text', 'blank.txt'], /\[only-empty-lines\]/],
    [['tiny', '--dataset', 'wikitext-2-test', '--hub', 'http://127.0.0.1:9'], /\[hub-failure\].*network error/],
    [['tiny', '--text', 'missing.txt'], /text file .* at "missing.txt"/],
    [['tiny', '--text', 'text.txt', '--tokenizer', 'big'], /\[vocab-mismatch\].*96 output tokens; found 120/],
    [['tiny', '--text', 'text.txt', '--tokenizer', 'nowhere'], /Expected nowhere\/tokenizer\.json/],
    [['tiny', '--text', 'text.txt', '--batch', '0'], /--batch to be an integer ≥ 1/],
    [['tiny', '--text', 'text.txt', '--protocol', 'bleu'], /--protocol masked-lm \| pseudo \| classic/],
  ])('bad input %j → exit 2 with what to do', async (args, message) => {
    const { code, stderr } = await bitlab(...args);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(stderr).toMatch(/usage: bitlab eval/);
  }, 60_000);
});
