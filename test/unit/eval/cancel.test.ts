// Cancellation between batches and progress reports.
import { describe, expect, it } from 'vitest';
import { EvalCancelledError } from '../../../src/core/eval/errors.ts';
import type { CancelledScores, EvalProgress } from '../../../src/core/eval/engine.ts';
import { evaluateMaskedLm } from '../../../src/core/eval/masked-lm.ts';
import { prepareEval } from '../../../src/core/eval/prepare.ts';
import { fakeTokenizer, TINY_WORDS } from '../../helpers/eval-tokenizers.ts';
import { constantModel } from './fakes.ts';

const tokenizer = fakeTokenizer();
const texts = Array.from({ length: 20 }, (_, i) => TINY_WORDS.slice(i % 10, (i % 10) + 3 + (i % 7)).join(' '));
const prepared = prepareEval(texts, tokenizer);
const base = constantModel(tokenizer.vocabSize, 9, 1.5);

describe('cancellation', () => {
  it('stops within one batch and hands back a consistent prefix of the lines', async () => {
    const full = await evaluateMaskedLm(prepared, base, { batchSize: 3 });
    const controller = new AbortController();
    let calls = 0;
    const model: typeof base = async (inputs) => {
      if (++calls === 2) controller.abort(); // a cancel arriving while batch 2 runs
      return base(inputs);
    };
    const error = await evaluateMaskedLm(prepared, model, { batchSize: 3, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvalCancelledError);
    const partial = (error as EvalCancelledError<CancelledScores>).partial;
    expect(calls).toBe(2); // batch 2 finished, batch 3 never started
    expect(partial.linesDone).toBe(6);
    expect(partial.linesTotal).toBe(20);
    expect(partial.scores.nll).toEqual(full.scores.nll.slice(0, 6));
    expect(partial.scores.count).toEqual(full.scores.count.slice(0, 6));
  });

  it('an already-aborted signal runs nothing', async () => {
    let calls = 0;
    const model: typeof base = async (inputs) => (calls++, base(inputs));
    await expect(evaluateMaskedLm(prepared, model, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled', partial: { linesDone: 0 } });
    expect(calls).toBe(0);
  });
});

describe('progress', () => {
  it('reports lines done, tokens per second and the remaining time after each batch', async () => {
    let t = 0;
    const reports: EvalProgress[] = [];
    const model: typeof base = async (inputs) => ((t += 100), base(inputs)); // 100 ms per batch
    await evaluateMaskedLm(prepared, model, { batchSize: 8, onProgress: (p) => reports.push(p), now: () => t, resamples: 0 });
    expect(reports.map((r) => r.linesDone)).toEqual([8, 16, 20]);
    const tokens = prepared.lines.reduce((n, l) => n + l.ids.length, 0);
    expect(reports.at(-1)!.tokensPerSecond).toBeCloseTo(tokens / 0.3, 6);
    expect(reports.at(-1)!.etaSeconds).toBe(0);
    expect(reports[0]!.etaSeconds).toBeGreaterThan(0);
  });
});
