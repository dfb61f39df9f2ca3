// Paired latency in the worker's code, called directly: with a working fp32 session the variant
// is timed in turns with it; when the fp32 session cannot be created (here: bytes that are not a
// model, standing in for a second session that does not fit), the variant is still timed, alone,
// and no ratio is claimed.
import { describe, expect, it } from 'vitest';
import type { ModelInputs } from '../../../src/core/eval/batch.ts';
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { createEvalRunner } from '../../../src/inference/eval-runner.ts';
import { ort } from '../../../src/inference/ort-browser.ts';
import { pairedWithBaseline, type EvalTarget } from '../../../src/workers/compress-eval.ts';
import { buildTinyBert, tinyBertConfig } from '../../helpers/tiny-bert-onnx.ts';

// 16 rows × 16 positions: enough work per call that the clock resolves it (a ratio needs > 0 ms).
const [batch, sequence] = [16, 16];
const inputs: ModelInputs = {
  batch, sequence,
  inputIds: BigInt64Array.from({ length: batch * sequence }, (_, i) => BigInt(5 + (i % 40))),
  attentionMask: new BigInt64Array(batch * sequence).fill(1n),
  tokenTypeIds: new BigInt64Array(batch * sequence),
};
const target = (bytes: Uint8Array) => ({ bytes, vocabSize: tinyBertConfig().vocab_size }) as unknown as EvalTarget;

describe('paired latency in the worker', () => {
  it('times in turns with fp32, or alone (no ratio) when no fp32 session can be made', async () => {
    const model = encodeModel(buildTinyBert());
    const variant = await createEvalRunner(ort, model, { executionProviders: ['wasm'] });
    const rounds: number[] = [];
    const progress = (p: { status: string; roundsDone?: number }) => p.roundsDone && rounds.push(p.roundsDone);
    const signal = new AbortController().signal;
    try {
      const paired = await pairedWithBaseline(variant.runModel, target(model), 'wasm', inputs, { warmup: 1, rounds: 6, callsPerTurn: 1 }, signal, progress);
      expect(paired.paired?.rounds).toBe(6);
      expect(rounds).toEqual([1, 2, 3, 4, 5, 6]);
      const alone = await pairedWithBaseline(variant.runModel, target(new Uint8Array([1, 2, 3])), 'wasm', inputs, { warmup: 1, rounds: 6, callsPerTurn: 1 }, signal, progress);
      expect(alone.paired).toBeUndefined();
      expect(alone.repeats).toBe(6);
      expect(alone.batchMs.median).toBeGreaterThan(0);
    } finally {
      await variant.release();
    }
  });
});
