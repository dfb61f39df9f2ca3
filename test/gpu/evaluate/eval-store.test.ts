// The results store against the real worker and IndexedDB: "evaluate all" scores fp32 first and
// pairs nf4 with it; a cancel leaves every earlier result as it was; a reload (fresh in-memory
// state) brings the results back from IndexedDB with their per-line scores, and drops a damaged
// record with a warning.
import { openDB } from 'idb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { pairedDifference } from '../../../src/core/eval/bootstrap.ts';
import { EVAL_STORE, indexedDbPersistence } from '../../../src/state/eval-persistence.ts';
import { configureEvalStore, jobKey, resetEvalStoreForTests, resultScores, useEvalStore } from '../../../src/state/eval-store.ts';
import { CompressClient } from '../../../src/workers/compress-client.ts';
import type { EvalRequestOptions } from '../../../src/workers/compress-protocol.ts';
import { verdict } from '../../../src/features/evaluate/eval-text.ts';
import { tinyEvalText } from '../../helpers/eval-text.ts';
import { tinyModelFiles } from './tiny-files.ts';

const client = new CompressClient(new Worker(new URL('../../../src/workers/compress.worker.ts', import.meta.url), { type: 'module' }));
afterAll(() => client.dispose());
const dbName = `bitlab-eval-test-${Date.now()}`;
configureEvalStore({ client, persistence: indexedDbPersistence(dbName) });

const options: EvalRequestOptions = { protocol: 'masked-lm', maxLines: 20, seed: 1234, batchSize: 4, latency: { warmup: 1, repeats: 3 } };
const request = { model: 'tiny', ep: 'wasm' as const, dataset: { kind: 'text' as const, id: 'tiny-text', text: tinyEvalText(24) }, options };

describe('evaluation results store', () => {
  it('evaluates all built variants, fp32 first, and pairs each with fp32', async () => {
    await client.load({ kind: 'files', files: tinyModelFiles() }, 2e9).promise;
    await client.compress('nf4', 'nf4').promise;
    await useEvalStore.getState().evaluateAll(['nf4'], request);
    const rows = Object.values(useEvalStore.getState().results);
    expect(rows.map((r) => r.variant).sort()).toEqual(['fp32', 'nf4']);
    const [fp32, nf4] = ['fp32', 'nf4'].map((v) => rows.find((r) => r.variant === v)!);
    expect(nf4!.dataset).toBe('tiny-text?lines=20&seed=1234&len=16');
    expect(nf4!.versusBaseline?.baselineKey).toBe(fp32!.key);
    const expected = pairedDifference(resultScores(nf4!.key)!, resultScores(fp32!.key)!, { seed: 1234 });
    expect(nf4!.versusBaseline!.difference).toEqual(expected);
    expect(['worse than fp32', 'better than fp32', 'no significant difference']).toContain(verdict(expected));
    expect('scores' in nf4!).toBe(false); // per-line scores stay out of React state
  });

  it('a cancel mid-run keeps the earlier results untouched', async () => {
    const before = structuredClone(useEvalStore.getState().results);
    const key = jobKey('nf4', 'wasm');
    const unsubscribe = useEvalStore.subscribe((s) => {
      if (s.jobs[key]?.progress?.status === 'eval-lines') useEvalStore.getState().cancel('nf4', 'wasm');
    });
    const row = await useEvalStore.getState().evaluate({ ...request, variant: 'nf4', dataset: { kind: 'text', id: 'tiny-long', text: tinyEvalText(300, 5) }, options: { ...options, maxLines: 300, batchSize: 1 } });
    unsubscribe();
    expect(row).toBeUndefined();
    expect(useEvalStore.getState().jobs[key]?.status).toBe('cancelled');
    expect(useEvalStore.getState().results).toEqual(before);
  });

  it('results come back after a reload; a damaged record is dropped with a warning', async () => {
    const before = useEvalStore.getState().results;
    const db = await openDB(dbName, 1);
    await db.put(EVAL_STORE, { key: 'broken', version: 1, model: 'tiny' });
    await db.put(EVAL_STORE, { ...Object.values(before)[0], key: 'old|version', version: 0 });
    db.close();
    resetEvalStoreForTests();
    configureEvalStore({ persistence: indexedDbPersistence(dbName) });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await useEvalStore.getState().hydrate();
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
    expect(useEvalStore.getState().results).toEqual(before);
    for (const key of Object.keys(before)) expect(resultScores(key)!.nll).toHaveLength(20);
  });
});
