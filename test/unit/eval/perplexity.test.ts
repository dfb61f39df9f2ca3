// Perplexity against numbers computed by hand, the classic protocol's flaws made visible, and
// the named errors for bad data sets.
import { describe, expect, it } from 'vitest';
import { evaluateClassic } from '../../../src/core/eval/classic.ts';
import { EvalError } from '../../../src/core/eval/errors.ts';
import { evaluateMaskedLm, evaluatePseudoPerplexity } from '../../../src/core/eval/masked-lm.ts';
import { prepareEval } from '../../../src/core/eval/prepare.ts';
import type { ModelInputs } from '../../../src/core/eval/batch.ts';
import { fakeTokenizer } from '../../helpers/eval-tokenizers.ts';
import { constantModel, maskedPositions } from './fakes.ts';

// Vocabulary of 7: [PAD] [UNK] [CLS] [SEP] [MASK] a(5) b(6). The fake model gives token a the
// logit 2 (exact in float32) and every other token 0, so everywhere
// p(a) = e²/(e² + 6) and p(anything else) = 1/(e² + 6).
const tokenizer = fakeTokenizer(['a', 'b']);
const model = (calls?: ModelInputs[]) => constantModel(7, 5, 2, calls);
const NLL_A = Math.log(1 + 6 * Math.exp(-2));
const NLL_OTHER = Math.log(Math.exp(2) + 6);

describe('masked-LM perplexity', () => {
  it('matches a hand computation', async () => {
    // "a a a": 3 real tokens → 1 masked (a); "b b b b": 1 masked (b); ten a's: round(1.5) = 2
    // masked (a, a); the blank lines are skipped.
    const texts = ['a a a', '', 'b b b b', '  ', 'a a a a a a a a a a'];
    const run = await evaluateMaskedLm(prepareEval(texts, tokenizer), model(), { batchSize: 2 });
    const nll = 3 * NLL_A + NLL_OTHER;
    expect(run.metrics.maskedTokens).toBe(4);
    expect(run.metrics.lines).toBe(3);
    expect(run.metrics.loss).toBeCloseTo(nll / 4, 14);
    expect(run.metrics.perplexity).toBeCloseTo(Math.exp(nll / 4), 13);
    expect(run.metrics.perplexity).toBeCloseTo(2.9875022, 6); // exp((3 ln(1+6e^-2) + ln(e^2+6)) / 4), computed in Python
    expect(run.metrics.accuracy).toBe(3 / 4);
    expect(run.scores.count).toEqual([1, 1, 2]);
    expect(run.scores.nll[1]).toBeCloseTo(NLL_OTHER, 14);
    expect(run.stats).toMatchObject({ inputLines: 5, emptyLines: 2, noTokenLines: 0, maskedTokens: 4, maskableTokens: 17 });
  });

  it('pseudo-perplexity masks every real token once', async () => {
    const calls: ModelInputs[] = [];
    const prepared = prepareEval(['a b a', 'b b'], tokenizer);
    const run = await evaluatePseudoPerplexity(prepared, model(calls), { batchSize: 4, resamples: 0 });
    expect(calls.flatMap((c) => maskedPositions(c, 4))).toEqual([[1], [2], [3], [1], [2]]);
    expect(run.metrics.maskedTokens).toBe(5);
    expect(run.metrics.loss).toBeCloseTo((2 * NLL_A + 3 * NLL_OTHER) / 5, 14);
  });

  it('truncates to maxLength (never past the model positions) and counts it', async () => {
    const long = Array(40).fill('a').join(' ');
    const prepared = prepareEval([long, 'b b'], tokenizer, { maxLength: 128, maxPositions: 16 });
    expect(prepared.settings.maxLength).toBe(16);
    expect(prepared.lines[0]!.ids).toHaveLength(16);
    expect(prepared.lines[0]!.ids.at(-1)).toBe(tokenizer.sepId);
    expect(prepared.stats).toMatchObject({ truncatedLines: 1, truncatedTokens: 26 });
  });
});

describe('classic (misleading) protocol', () => {
  const texts = ['a a a', '', 'b b b b', 'a b a b a b', ''];

  it('reproduces the notebook: unmasked inputs, padding scored, empty lines kept, mean of means', async () => {
    const calls: ModelInputs[] = [];
    const run = await evaluateClassic(texts, tokenizer, model(calls), { seed: 3, maxLength: 32 });
    expect(run.label).toBe('classic (misleading)');
    expect(calls.every((c) => c.sequence === 32 && !c.inputIds.includes(4n))).toBe(true);
    expect(run.emptyLines).toBe(2);
    expect(run.lines + run.linesWithoutMask).toBe(5);
    expect(run.maskedSpecialTokens).toBeGreaterThan(0);
    const { nll, count } = run.scores;
    const meanOfMeans = nll.reduce((s, v, i) => s + v / count[i]!, 0) / nll.length;
    expect(run.perplexity).toBeCloseTo(Math.exp(meanOfMeans), 12);
    // The token-weighted loss of the same scores differs: every example weighed the same.
    const tokenWeighted = nll.reduce((a, b) => a + b) / count.reduce((a, b) => a + b);
    expect(Math.abs(run.loss - tokenWeighted)).toBeGreaterThan(1e-6);
  });

  it('draws new masks for every model (unseeded): two runs of one model disagree', async () => {
    const a = await evaluateClassic(texts, tokenizer, model(), { seed: 1, maxLength: 32 });
    const b = await evaluateClassic(texts, tokenizer, model(), { seed: 2, maxLength: 32 });
    expect(a.perplexity).not.toBe(b.perplexity);
  });
});

describe('bad data sets → named errors', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(EvalError);
      return (error as EvalError).code;
    }
    return 'no error';
  };

  it.each([
    [[], 'empty-dataset'],
    [['', '   ', '\t'], 'only-empty-lines'],
    [['[SEP] [PAD]', '[MASK]'], 'no-tokens'],
  ])('%j → %s', (texts, expected) => {
    expect(code(() => prepareEval(texts as string[], tokenizer))).toBe(expected);
  });

  it('says what was expected, found and what to do', () => {
    expect(() => prepareEval(['', ' '], tokenizer)).toThrow(/Expected at least one line with text; found 2 blank lines\. Check the file/);
    expect(code(() => prepareEval(['a'], tokenizer, { maxLength: 2 }))).toBe('bad-option');
  });

  it('a tokenizer whose vocabulary is not the model output → vocab-mismatch', async () => {
    const wrong = fakeTokenizer(['a', 'b'], 9);
    await expect(evaluateMaskedLm(prepareEval(['a b'], wrong), model())).rejects.toMatchObject({ code: 'vocab-mismatch' });
  });
});
