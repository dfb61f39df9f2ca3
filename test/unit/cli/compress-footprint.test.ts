// The compress and footprint commands as users run them (a child process per call).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFootprint } from '../../../src/core/footprint/config-footprint.ts';
import { decodeModel, encodeModel } from '../../../src/core/onnx/proto.ts';
import { buildTinyBert, tinyBertConfig } from '../../helpers/tiny-bert-onnx.ts';

const run = promisify(execFile);
const bin = path.resolve('bin/bitlab.mjs');
let dir: string;

async function bitlab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bitlab-cli-'));
  fs.mkdirSync(path.join(dir, 'tiny', 'onnx'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'tiny', 'config.json'), JSON.stringify({ ...tinyBertConfig(), model_type: 'bert', architectures: ['BertForMaskedLM'] }));
  const bytes = encodeModel(buildTinyBert());
  fs.writeFileSync(path.join(dir, 'tiny', 'onnx', 'model.onnx'), bytes);
  fs.writeFileSync(path.join(dir, 'cut.onnx'), bytes.subarray(0, 5000));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bitlab compress', () => {
  it('writes the compressed model and prints its accounting as JSON', async () => {
    const { code, stdout } = await bitlab('compress', 'tiny', '--recipe', 'prune-l1:0.4+nf4', '--out', 'nf4.onnx', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const written = fs.readFileSync(path.join(dir, 'nf4.onnx'));
    expect(report.onnxFileBytes).toBe(written.byteLength);
    expect(decodeModel(new Uint8Array(written)).graph!.node.filter((n) => n.opType === 'MatMulBnb4')).toHaveLength(12);
    const expected = configFootprint(tinyBertConfig(), 'prune-l1:0.4+nf4');
    expect([report.transformersBytes, report.trueBytes]).toEqual([expected.transformersBytes, expected.trueBytes]);
    expect(report.sparse.dense).toBe(expected.sparse!.dense);
  }, 60_000);

  it.each([
    [['compress', 'missing-dir', '--recipe', 'nf4', '--out', 'x.onnx'], /found no file or folder/],
    [['compress', 'tiny/config.json', '--recipe', 'nf4', '--out', 'x.onnx'], /\[not-onnx\].*JSON/],
    [['compress', 'cut.onnx', '--recipe', 'nf4', '--out', 'x.onnx'], /\[truncated\]/],
    [['compress', 'tiny', '--recipe', 'nf5', '--out', 'x.onnx'], /\[unknown-recipe\]/],
    [['compress', 'tiny', '--recipe', 'nf4'], /Expected --out/],
    [['compress', 'tiny', '--recipe', 'nf4', '--out', 'x.onnx', '--bogus'], /bogus/],
  ])('bad input %j → exit 2 with what to do', async (args, message) => {
    const { code, stderr } = await bitlab(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/usage: bitlab compress/);
  }, 60_000);
});

describe('bitlab footprint', () => {
  it('computes the accounting from config.json alone', async () => {
    const { code, stdout } = await bitlab('footprint', 'tiny', '--recipe', 'int8', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.transformersBytes).toBe(configFootprint(tinyBertConfig(), 'int8').transformersBytes);
    const text = await bitlab('footprint', 'tiny/config.json', '--recipe', 'nf4');
    expect(text.stdout).toMatch(/\(a\) transformers get_memory_footprint/);
  }, 60_000);

  it('rejects a config that is not a BERT masked LM (exit 2)', async () => {
    fs.writeFileSync(path.join(dir, 'gpt2.json'), JSON.stringify({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'] }));
    const { code, stderr } = await bitlab('footprint', 'gpt2.json', '--recipe', 'nf4');
    expect(code).toBe(2);
    expect(stderr).toMatch(/\[not-masked-lm\].*BERT masked-LM config/);
  }, 60_000);
});
