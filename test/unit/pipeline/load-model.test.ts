// Model loading without a browser: the hub mirror serves the tiny BERT in hub layout, and the
// same download code the worker runs (fetch + stream reader) fetches it — with a 404, dropped
// connections (one retry with a Range request), the memory budget and cancellation — then the
// files are inspected: ONNX, masked LM, Linear layers, matching tokenizer and config.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../../src/core/onnx/errors.ts';
import { ModelLoadError } from '../../../src/workers/load/errors.ts';
import { fetchFile } from '../../../src/workers/load/fetch-file.ts';
import { inspectModel } from '../../../src/workers/load/inspect.ts';
import { hubFileUrl, loadModelFiles, type ModelFiles } from '../../../src/workers/load/model-files.ts';
import { startHubMirror, type HubMirror } from '../../helpers/hub-mirror.ts';
import { tinyTokenizerFiles } from '../../helpers/eval-tokenizers.ts';
import { writeTinyModelFolder } from '../../helpers/tiny-model-folder.ts';

const folder = writeTinyModelFolder(mkdtempSync(path.join(tmpdir(), 'bitlab-unit-tiny-')));
const onnxBytes = readFileSync(path.join(folder, 'onnx/model.onnx'));
let mirror: HubMirror;
const options = () => ({ signal: new AbortController().signal, budget: 2e9 });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as ModelLoadError);

beforeAll(async () => {
  mirror = await startHubMirror({ models: { 'test/tiny': folder } });
});
afterAll(() => mirror.close());

describe('downloading from a hub', () => {
  it('streams the files of a model folder and reports progress up to the total', async () => {
    const events: number[] = [];
    const files = await loadModelFiles({ kind: 'hub', host: mirror.url, id: 'test/tiny' }, { ...options(), onProgress: (p) => p.file === 'onnx/model.onnx' && events.push(p.loaded) });
    expect(Buffer.from(files.onnx).equals(onnxBytes)).toBe(true);
    expect(events.at(-1)).toBe(onnxBytes.length);
    const { summary } = await inspectModel(files);
    expect(summary).toMatchObject({ name: 'test/tiny', linearLayers: 14, quantizedLayers: 12, vocabSize: 96, hiddenSize: 36, onnxBytes: onnxBytes.length });
  });

  it('resumes a dropped download once with a Range request', async () => {
    mirror.dropConnection('onnx/model.onnx', 5000, 1);
    const url = hubFileUrl(mirror.url, 'test/tiny', 'onnx/model.onnx');
    const { bytes } = await fetchFile(url, 'onnx/model.onnx', options());
    expect(Buffer.from(bytes).equals(onnxBytes)).toBe(true);
    expect(mirror.requests.at(-1)).toMatchObject({ range: 'bytes=5000-', status: 206 });
  });

  it('gives up after the retry fails too, saying so', async () => {
    mirror.dropConnection('onnx/model.onnx', 1000, 2);
    const error = await failure(fetchFile(hubFileUrl(mirror.url, 'test/tiny', 'onnx/model.onnx'), 'onnx/model.onnx', options()));
    expect(error).toBeInstanceOf(ModelLoadError);
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/also on a retry/);
    mirror.clearFaults();
  });

  it('reports a 404 with the URL and what to check', async () => {
    const error = await failure(loadModelFiles({ kind: 'hub', host: mirror.url, id: 'nobody/nothing' }, options()));
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/nobody\/nothing\/resolve\/main\/config\.json; found HTTP 404/);
  });

  it('refuses a file larger than the memory budget before reading it', async () => {
    const error = await failure(loadModelFiles({ kind: 'hub', host: mirror.url, id: 'test/tiny' }, { ...options(), budget: 10_000 }));
    expect(error.code).toBe('too-large');
    expect(mirror.requests.at(-1)!.url).toMatch(/onnx\/model\.onnx$/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(loadModelFiles({ kind: 'hub', host: mirror.url, id: 'test/tiny' }, { signal: controller.signal, budget: 2e9 }));
    expect(error.code).toBe('cancelled');
  });
});

describe('inspecting a model folder', () => {
  const files = (over: Partial<ModelFiles>): ModelFiles => ({
    name: 'tiny', onnx: new Uint8Array(onnxBytes), config: readFileSync(path.join(folder, 'config.json')),
    tokenizer: readFileSync(path.join(folder, 'tokenizer.json')), tokenizerConfig: readFileSync(path.join(folder, 'tokenizer_config.json')),
    fromCache: false, ...over,
  });
  const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

  it('refuses a tokenizer of another vocabulary', async () => {
    const error = await failure(inspectModel(files({ tokenizer: json(tinyTokenizerFiles(300).tokenizerJson) })));
    expect(error.code).toBe('tokenizer-mismatch');
    expect(error.message).toMatch(/matching the model's logits \(96 tokens\); found 300 tokens in tokenizer\.json/);
  });

  it('refuses a config.json of another vocabulary', async () => {
    const error = await failure(inspectModel(files({ config: json({ vocab_size: 28996 }) })));
    expect(error.code).toBe('tokenizer-mismatch');
  });

  it('refuses a truncated ONNX file and a non-ONNX file', async () => {
    expect(await failure(inspectModel(files({ onnx: onnxBytes.subarray(0, 1000) })))).toBeInstanceOf(ModelFormatError);
    const notOnnx = await failure(inspectModel(files({ onnx: readFileSync(path.join(folder, 'config.json')) })));
    expect([notOnnx.code, notOnnx.message]).toEqual(['not-onnx', expect.stringMatching(/found a JSON text file/)]);
  });

  it('reads local File objects like a picked folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bitlab-local-'));
    writeFileSync(path.join(dir, 'x'), '');
    const list = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'].map(
      (f) => new File([readFileSync(path.join(folder, f))], path.basename(f)),
    );
    const loaded = await loadModelFiles({ kind: 'files', files: list }, options());
    expect((await inspectModel(loaded)).summary.linearLayers).toBe(14);
    const error = await failure(loadModelFiles({ kind: 'files', files: list.slice(0, 2) }, options()));
    expect(error.code).toBe('missing-file');
  });
});
