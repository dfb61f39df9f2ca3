// The protocol on a real ONNX model in onnxruntime's wasm EP with a real transformers.js
// tokenizer: bit-identical metrics for the same seed, latency on fixed inputs, vocab checks.
import { beforeAll, describe, expect, it } from 'vitest';
import { EvalError } from '../../../src/core/eval/errors.ts';
import { latencyInputs, measureLatency } from '../../../src/core/eval/latency.ts';
import { evaluateMaskedLm } from '../../../src/core/eval/masked-lm.ts';
import { prepareEval } from '../../../src/core/eval/prepare.ts';
import type { EvalTokenizer } from '../../../src/core/eval/tokenizer.ts';
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { createEvalRunner, type EvalRunner } from '../../../src/inference/eval-runner.ts';
import { ort } from '../../../src/inference/ort-node.ts';
import { tokenizerFromJson } from '../../../src/inference/tokenizer.ts';
import { tinyTokenizerFiles } from '../../helpers/eval-tokenizers.ts';
import { buildTinyBert } from '../../helpers/tiny-bert-onnx.ts';

const TEXTS = [
  'The State of the Union is strong.',
  '',
  'We the people, and our Congress, for peace and war.',
  'The nation is strong in peace; the people in war.', // ";" is not in the vocabulary → [UNK]
  'Congress and the people of the nation, year to year, with our states and union and peace and war and the people',
  '   ',
  'peace',
];

let tokenizer: EvalTokenizer;
let modelBytes: Uint8Array;

beforeAll(async () => {
  const { tokenizerJson, tokenizerConfig } = tinyTokenizerFiles(96);
  tokenizer = await tokenizerFromJson(tokenizerJson, tokenizerConfig);
  modelBytes = encodeModel(buildTinyBert({ vocab: 96, maxPositions: 16 }));
});

async function withRunner<T>(bytes: Uint8Array, body: (runner: EvalRunner) => Promise<T>): Promise<T> {
  const runner = await createEvalRunner(ort, bytes);
  try {
    return await body(runner);
  } finally {
    await runner.release();
  }
}

describe('transformers.js tokenizer adapter', () => {
  it('encodes content ids without specials; [UNK] is text, [CLS]/[SEP]/[PAD]/[MASK] are not', () => {
    expect(tokenizer.encode('the union is strong .')).toEqual([5, 6, 9, 10, 25]);
    expect(tokenizer.encode('The Union;')).toEqual([5, 6, 1]);
    expect([tokenizer.clsId, tokenizer.sepId, tokenizer.padId, tokenizer.maskId, tokenizer.vocabSize]).toEqual([2, 3, 0, 4, 96]);
    expect([...tokenizer.specialIds].sort()).toEqual([0, 2, 3, 4]);
  });
});

describe('masked-LM evaluation on the tiny ONNX model (wasm EP)', () => {
  it('same seed → bit-identical metrics across runs and fresh sessions', async () => {
    const score = () => withRunner(modelBytes, (r) => evaluateMaskedLm(prepareEval(TEXTS, tokenizer, { seed: 7, maxPositions: 16 }), r.runModel, { batchSize: 2 }));
    const [a, b] = [await score(), await score()];
    expect(b.metrics).toEqual(a.metrics);
    expect(b.scores).toEqual(a.scores);
    expect(a.metrics.lines).toBe(5);
    expect(a.stats).toMatchObject({ emptyLines: 2, truncatedLines: 1 });
    expect(a.metrics.perplexity).toBeGreaterThan(1);
    expect(a.metrics.perplexity).toBeLessThan(96 * 10);
    expect(a.metrics.ci95[0]).toBeLessThanOrEqual(a.metrics.perplexity);
    // Batch size changes the padding, not the masks; logits agree up to float32 noise.
    const single = await withRunner(modelBytes, (r) => evaluateMaskedLm(prepareEval(TEXTS, tokenizer, { seed: 7, maxPositions: 16 }), r.runModel, { batchSize: 1 }));
    expect(single.metrics.maskedTokens).toBe(a.metrics.maskedTokens);
    expect(single.metrics.loss).toBeCloseTo(a.metrics.loss, 4);
  }, 60_000);

  it('latency: the model call on fixed inputs, after warm-up', async () => {
    const prepared = prepareEval(TEXTS, tokenizer, { maxPositions: 16 });
    const inputs = latencyInputs(prepared, 4);
    expect([inputs.batch, inputs.sequence]).toEqual([4, 16]);
    let calls = 0;
    const latency = await withRunner(modelBytes, (r) => measureLatency((x) => (calls++, r.runModel(x)), inputs, { warmup: 2, repeats: 5 }));
    expect(calls).toBe(7);
    expect(latency.samplesMs).toHaveLength(5);
    expect(latency.batchMs.p90).toBeGreaterThanOrEqual(latency.batchMs.median);
    expect(latency.exampleMs.median).toBeCloseTo(latency.batchMs.median / 4, 12);
    expect(latency.tokens).toBe(prepared.lines.slice(0, 4).reduce((n, l) => n + l.ids.length, 0));
  }, 60_000);

  it('latency statistics with an injected clock', async () => {
    const times = [0, 10, 10, 30, 30, 35, 35, 50]; // calls of 10, 20, 5, 15 ms
    const clock = () => times.shift()!;
    const prepared = prepareEval(TEXTS, tokenizer, { maxPositions: 16 });
    const latency = await measureLatency(async () => ({ data: new Float32Array(0), dims: [] }), latencyInputs(prepared, 2), { warmup: 1, repeats: 4, now: clock });
    expect(latency.samplesMs).toEqual([10, 20, 5, 15]);
    expect(latency.batchMs.median).toBe(12.5);
    expect(latency.batchMs.p90).toBeCloseTo(18.5, 12);
  });

  it('a tokenizer with another vocabulary → vocab-mismatch from the logits', async () => {
    const big = encodeModel(buildTinyBert({ vocab: 100, maxPositions: 16 }));
    const run = withRunner(big, (r) => evaluateMaskedLm(prepareEval(TEXTS, tokenizer, { maxPositions: 16 }), r.runModel));
    await expect(run).rejects.toBeInstanceOf(EvalError);
    await expect(run).rejects.toThrow(/model's 100 output tokens; found a tokenizer with 96 tokens/);
  }, 60_000);
});
