// The notebook's run cells with a fake compression worker: Run all runs load → compress →
// evaluations in order; a setting change marks exactly the dependent results stale; a
// "reload" (fresh stores, same storage) restores settings and results, and evaluating then
// loads the model and rebuilds only the variant it needs; Cancel stops the rest.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CellId } from '../../../src/core/notebook/run-graph.ts';
import { configureEvalStore, resetEvalStoreForTests } from '../../../src/state/eval-store.ts';
import { memoryPersistence } from '../../../src/state/eval-persistence.ts';
import { setCompressClient, useModelStore } from '../../../src/state/model-store.ts';
import { invalidCompressReason, invalidDocReason, memoryNotebookPersistence } from '../../../src/state/notebook-persistence.ts';
import { cancelRun, evalRequest, runCells } from '../../../src/state/notebook-runner.ts';
import { medianIntervalRank } from '../../../src/core/eval/paired-latency.ts';
import {
  DEFAULT_EVAL_SETTINGS, EVAL_BASELINE_CELL, LOAD_CELL, compressCellId, configureNotebookStore, displayStatus, evalCellId, resetNotebookStoreForTests,
  staleReason, useNotebookStore,
} from '../../../src/state/notebook-store.ts';
import type { CompressClient } from '../../../src/workers/compress-client.ts';
import type { VariantSummary } from '../../../src/workers/compress-variants.ts';

Object.assign(globalThis, { location: { href: 'http://127.0.0.1/' }, navigator: globalThis.navigator ?? {} });

const calls: string[] = [];
let gate: Promise<void> = Promise.resolve();
const pending = <T>(work: () => T) => {
  let cancelled = false;
  const promise = gate.then(() => {
    if (cancelled) throw Object.assign(new Error('Cancelled'), { name: 'CancelledError', code: 'cancelled' });
    return work();
  });
  return { promise, cancel: () => { cancelled = true; } };
};
const summary = (recipe: string): VariantSummary => ({
  recipe, fileName: `model_${recipe}.onnx`, kernelBackends: ['webgpu'], buildMs: 12, timing: { compressMs: 10, encodeMs: 1, metricsMs: 1 },
  footprint: { recipe, source: 'onnx', parameters: 100, tensors: [], transformersBytes: 300, trueBytes: 320, onnxFileBytes: 400, notes: [] },
  layers: [{ weight: 'w0', role: 'attention.query', layerIndex: 0, sqnrDb: 20, maxAbsError: 0.01, metricsBackend: 'cpu' }],
} as unknown as VariantSummary);
const fake = {
  load: () => pending(() => { calls.push('load'); return { name: 'tiny', onnxBytes: 1000, parameters: 100, linearLayers: 2, quantizedLayers: 1, vocabSize: 10, hiddenSize: 4, config: {}, fromCache: false }; }),
  compress: (_id: string, recipe: string) => pending(() => { calls.push(`compress ${recipe}`); return { ...summary(recipe), variantId: recipe }; }),
  evaluate: (variantId: string, _ep: string, _dataset: unknown, options: { seed: number; maxLines: number }) => pending(() => {
    calls.push(`eval ${variantId}`);
    return {
      datasetId: 'sotu-heldout', protocol: 'masked-lm', ep: 'wasm', seconds: 1, cpuNodes: [],
      metrics: { loss: 1, perplexity: variantId === 'source' ? 2.7 : 3, accuracy: 0.5, maskedTokens: 2, lines: 1, resamples: 0, ci95: [2.5, 3.5] },
      scores: { nll: [1], count: [1], correct: [1] }, settings: { seed: options.seed, maxLength: 16 }, stats: {},
    };
  }),
} as unknown as CompressClient;

const nf4 = compressCellId('nf4');
const int4 = compressCellId('int4');
let storage = memoryNotebookPersistence();

async function openNotebook() {
  resetNotebookStoreForTests();
  resetEvalStoreForTests();
  useModelStore.setState({ loadStatus: 'idle', model: undefined, variants: {}, modelGeneration: 0 });
  configureNotebookStore({ persistence: storage });
  const s = useNotebookStore.getState();
  s.registerCompressCell(nf4, 'nf4');
  s.registerCompressCell(int4, 'int4');
  await s.hydrate();
  useNotebookStore.getState().setEvalSettings({ ep: 'wasm', maxLines: 4 });
}
const status = (id: CellId) => displayStatus(useNotebookStore.getState().graph, id);
const saved = () => new Promise((r) => setTimeout(r, 0));

beforeEach(async () => {
  calls.length = 0;
  gate = Promise.resolve();
  storage = memoryNotebookPersistence();
  setCompressClient(fake);
  configureEvalStore({ client: fake, persistence: memoryPersistence() });
  await openNotebook();
});

describe('notebook runner', () => {
  it('runs all cells in dependency order, then has nothing left to run', async () => {
    await runCells('all');
    expect(calls).toEqual(['load', 'compress nf4', 'compress int4', 'eval source', 'eval nf4', 'eval int4']);
    for (const id of [LOAD_CELL, nf4, int4, EVAL_BASELINE_CELL, evalCellId(nf4), evalCellId(int4)]) expect(status(id)).toBe('done');
    expect(useNotebookStore.getState().run).toMatchObject({ active: false, cancelled: false, index: 6 });
    calls.length = 0;
    await runCells('all');
    expect(calls).toEqual([]);
  });

  it('a recipe setting marks that variant and its evaluation stale, nothing else; Run all redoes only those', async () => {
    await runCells('all');
    useNotebookStore.getState().setCompressRecipe(nf4, 'nf4:block=128');
    expect(status(nf4)).toBe('stale');
    expect(staleReason(useNotebookStore.getState().graph, nf4)).toBe('stale: settings changed since this result');
    expect(status(evalCellId(nf4))).toBe('stale');
    expect(staleReason(useNotebookStore.getState().graph, evalCellId(nf4))).toMatch(/^stale: settings changed since this result \(compress nf4 changed\)/);
    expect([int4, evalCellId(int4), EVAL_BASELINE_CELL].map(status)).toEqual(['done', 'done', 'done']);
    calls.length = 0;
    await runCells('all');
    expect(calls).toEqual(['compress nf4:block=128', 'eval nf4:block=128']);
  });

  it('an evaluation setting marks every evaluation stale; a different model marks everything stale', async () => {
    await runCells('all');
    useNotebookStore.getState().setEvalSettings({ seed: 7 });
    expect([EVAL_BASELINE_CELL, evalCellId(nf4), evalCellId(int4)].map(status)).toEqual(['stale', 'stale', 'stale']);
    expect([nf4, int4].map(status)).toEqual(['done', 'done']);
    useNotebookStore.getState().dispatch({ type: 'finished', cell: LOAD_CELL, result: { runId: 'other#5', settingsKey: '[]', consumed: {}, resultKey: 'other#5' } });
    expect([nf4, int4].map(status)).toEqual(['stale', 'stale']);
    expect(staleReason(useNotebookStore.getState().graph, nf4)).toContain('a different model was loaded');
  });

  it('after a reload settings and results are back; evaluating reloads the model and rebuilds only that variant', async () => {
    useNotebookStore.getState().setCompressRecipe(int4, 'int4:block=64');
    await runCells('all');
    await saved();
    const before = useNotebookStore.getState().compressResults;
    await openNotebook();
    const s = useNotebookStore.getState();
    expect(s.settings[int4]).toEqual({ recipe: 'int4:block=64' });
    expect(s.compressResults).toEqual(before);
    expect([LOAD_CELL, nf4, int4, evalCellId(nf4)].map(status)).toEqual(['done', 'done', 'done', 'done']);
    calls.length = 0;
    await runCells('all');
    expect(calls).toEqual([]); // everything current: nothing rebuilt
    useNotebookStore.getState().setEvalSettings({ seed: 9 });
    await runCells([evalCellId(nf4)]);
    expect(calls).toEqual(['load', 'compress nf4', 'eval nf4']);
    expect(status(nf4)).toBe('done'); // the rebuilt variant is the same result
    expect(status(evalCellId(nf4))).toBe('done');
  });

  it('cancel stops the running step and the rest; earlier results stay', async () => {
    await runCells('all');
    useNotebookStore.getState().setEvalSettings({ seed: 3 });
    let open!: () => void;
    gate = new Promise((r) => { open = r; });
    const run = runCells('all');
    await saved();
    cancelRun();
    open();
    await run;
    expect(useNotebookStore.getState().run).toMatchObject({ active: false, cancelled: true });
    expect(status(EVAL_BASELINE_CELL)).toBe('stale'); // old result kept, still out of date
    expect(status(evalCellId(int4))).toBe('stale');
  });
});

describe('notebook persistence validation', () => {
  it('accepts what it writes and names what is wrong otherwise', () => {
    expect(invalidDocReason({ version: 1, settings: { 'compress:nf4': { recipe: 'nf4' } }, results: {} })).toBeUndefined();
    expect(invalidDocReason({ version: 2, settings: {}, results: {} })).toMatch(/version 2/);
    expect(invalidDocReason({ version: 1, settings: { x: { a: {} } }, results: {} })).toMatch(/not plain values/);
    expect(invalidDocReason({ version: 1, settings: {}, results: { load: { runId: 1 } } })).toMatch(/load: result has no runId/);
    const record = { version: 1, key: 'm|nf4', modelId: 'm', recipe: 'nf4', savedAt: 'now', summary: summary('nf4') };
    expect(invalidCompressReason(record)).toBeUndefined();
    expect(invalidCompressReason({ ...record, key: 'm|int4' })).toMatch(/key does not match/);
    expect(invalidCompressReason({ ...record, summary: { ...summary('nf4'), footprint: { trueBytes: 'x' } } })).toMatch(/bad footprint/);
  });
});

describe('evaluation request', () => {
  it('warms wasm sessions up longer than WebGPU ones, and times in enough paired rounds for a 95 % interval', () => {
    const wasm = evalRequest({ ...DEFAULT_EVAL_SETTINGS, ep: 'wasm' }).options.latency;
    const webgpu = evalRequest({ ...DEFAULT_EVAL_SETTINGS, ep: 'webgpu' }).options.latency;
    expect(wasm).toEqual({ warmup: 6, repeats: 5, rounds: 9, callsPerTurn: 2 });
    expect(webgpu).toEqual({ warmup: 2, repeats: 5, rounds: 6, callsPerTurn: 1 });
    for (const { rounds } of [wasm, webgpu]) expect(medianIntervalRank(rounds)).toBeDefined();
  });

  it('refuses settings that are not whole numbers, saying what it expected', () => {
    expect(() => evalRequest({ ...DEFAULT_EVAL_SETTINGS, maxLines: 0 })).toThrow(/max lines ≥ 1/);
  });

  it('fetches wikitext-2 (first 10 % or all rows) from the hub host the student typed, or the default one', () => {
    expect(evalRequest({ ...DEFAULT_EVAL_SETTINGS, data: 'wikitext' }).dataset).toEqual({ kind: 'wikitext', host: 'https://huggingface.co', percent: 10 });
    expect(evalRequest({ ...DEFAULT_EVAL_SETTINGS, data: 'wikitext-all', hubHost: ' http://127.0.0.1:8080/mirror/ ' }).dataset)
      .toEqual({ kind: 'wikitext', host: 'http://127.0.0.1:8080/mirror', percent: 100 });
    expect(evalRequest({ ...DEFAULT_EVAL_SETTINGS, data: 'wikitext', hubHost: '  ' }).dataset).toMatchObject({ host: 'https://huggingface.co' });
    for (const bad of ['huggingface.co', 'ftp://mirror.example', 'https://']) {
      expect(() => evalRequest({ ...DEFAULT_EVAL_SETTINGS, data: 'wikitext', hubHost: bad })).toThrow(/Expected a hub address .* found ".*"\. Fix the hub host, or empty it/);
    }
    // Not used for the other data sets: a half-typed host does not block the embedded text.
    expect(evalRequest({ ...DEFAULT_EVAL_SETTINGS, hubHost: 'huggingface.co' }).dataset).toMatchObject({ kind: 'url' });
  });
});
