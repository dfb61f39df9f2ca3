// The mask plan: only real tokens, the documented count, and identical positions for every
// variant, batch size and padding.
import { describe, expect, it } from 'vitest';
import { drawMask, maskCount, planMask } from '../../../src/core/eval/masking.ts';
import { evaluateMaskedLm } from '../../../src/core/eval/masked-lm.ts';
import { prepareEval } from '../../../src/core/eval/prepare.ts';
import { mulberry32 } from '../../../src/core/random.ts';
import type { ModelInputs } from '../../../src/core/eval/batch.ts';
import { fakeTokenizer, TINY_WORDS } from '../../helpers/eval-tokenizers.ts';
import { constantModel, maskedPositions } from './fakes.ts';

const SPECIAL = new Set([0, 2, 3, 4]); // [PAD] [CLS] [SEP] [MASK]; [UNK] (1) counts as text

function randomLine(seed: number): number[] {
  const rng = mulberry32(seed);
  const n = 1 + Math.floor(rng() * 40);
  // Content mixes words, [UNK] and stray special ids (text may contain a literal "[SEP]").
  const content = Array.from({ length: n }, () => (rng() < 0.15 ? Math.floor(rng() * 5) : 5 + Math.floor(rng() * 20)));
  const pad = Math.floor(rng() * 5);
  return [2, ...content, 3, ...new Array(pad).fill(0)];
}

describe('planMask', () => {
  it('never masks [CLS], [SEP], [PAD] or [MASK], and masks max(1, round(15 %)) of the rest', () => {
    for (let seed = 0; seed < 300; seed++) {
      const ids = randomLine(seed);
      const real = ids.filter((id) => !SPECIAL.has(id)).length;
      const plan = planMask(ids, SPECIAL, seed);
      expect(plan.every((p) => !SPECIAL.has(ids[p]!))).toBe(true);
      expect(plan).toHaveLength(maskCount(real, 0.15));
      expect(new Set(plan).size).toBe(plan.length);
      expect([...plan].sort((a, b) => a - b)).toEqual(plan);
    }
  });

  it('counts: round half up, at least one, none without real tokens', () => {
    expect([1, 3, 4, 10, 20, 30, 100].map((n) => maskCount(n, 0.15))).toEqual([1, 1, 1, 2, 3, 5, 15]);
    expect(maskCount(0, 0.15)).toBe(0);
    expect(planMask([2, 3], SPECIAL)).toEqual([]);
  });

  it('is a pure function of (ids, seed, rate)', () => {
    const ids = randomLine(7);
    expect(planMask(ids, SPECIAL, 99)).toEqual(planMask([...ids], SPECIAL, 99));
    const seeds = new Set(Array.from({ length: 20 }, (_, s) => planMask(Array.from({ length: 60 }, (_, i) => (i === 0 ? 2 : 5 + (i % 20))), SPECIAL, s).join(',')));
    expect(seeds.size).toBeGreaterThan(15);
  });
});

describe("'file' stream = tools/mini-bert/protocol.py", () => {
  it('draws the masks protocol.choose_masks(lines, seed=1234) printed', () => {
    // python3 -c "import protocol; print(protocol.choose_masks([[2]+list(range(10,10+n))+[3] for n in (5,12,30,1,0,40)], seed=1234))"
    const rng = mulberry32(1234);
    const lines = [5, 12, 30, 1, 0, 40].map((n) => [2, ...Array.from({ length: n }, (_, i) => 10 + i), 3]);
    expect(lines.map((ids) => drawMask(ids, SPECIAL, 0.15, rng))).toEqual([[1], [9, 11], [3, 6, 8, 25, 30], [1], [], [3, 6, 15, 23, 24, 40]]);
  });
});

describe('mask plans inside the engine', () => {
  const tokenizer = fakeTokenizer();
  const texts = Array.from({ length: 13 }, (_, i) => Array.from({ length: 3 + ((i * 7) % 17) }, (_, j) => TINY_WORDS[(i * 3 + j) % 20]).join(' '));
  texts.splice(4, 0, '', '   ');

  async function shown(batchSize: number, seed = 1234): Promise<{ masks: number[][]; calls: ModelInputs[]; nll: number[] }> {
    const prepared = prepareEval(texts, tokenizer, { seed });
    const calls: ModelInputs[] = [];
    const run = await evaluateMaskedLm(prepared, constantModel(tokenizer.vocabSize, 7, 2, calls), { batchSize, resamples: 0 });
    return { masks: calls.flatMap((c) => maskedPositions(c, tokenizer.maskId)), calls, nll: run.scores.nll };
  }

  it('shows the model the same [MASK] positions for any batch size (and padding)', async () => {
    const one = await shown(1);
    const five = await shown(5);
    const all = await shown(64);
    expect(one.masks).toHaveLength(13);
    expect(five.masks).toEqual(one.masks);
    expect(all.masks).toEqual(one.masks);
    expect(five.nll).toEqual(one.nll);
    // Padded rows really were padded, and no [MASK] ever sits on padding.
    const padded = five.calls.some((c) => c.attentionMask.includes(0n));
    expect(padded).toBe(true);
    for (const c of five.calls) {
      maskedPositions(c, tokenizer.maskId).forEach((row, b) => row.forEach((p) => expect(c.attentionMask[b * c.sequence + p]).toBe(1n)));
    }
  });

  it('another seed gives other positions', async () => {
    expect((await shown(4, 5)).masks).not.toEqual((await shown(4)).masks);
  });

  it("'file' stream: prefix-stable, as tools/mini-bert/protocol.py", () => {
    const all = prepareEval(texts, tokenizer, { maskStream: 'file' });
    const first = prepareEval(texts.slice(0, 8), tokenizer, { maskStream: 'file' });
    expect(first.lines.map((l) => l.mask)).toEqual(all.lines.slice(0, first.lines.length).map((l) => l.mask));
  });
});
