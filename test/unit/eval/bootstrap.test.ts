// Bootstrap intervals over lines, and the paired difference between two variants.
import { describe, expect, it } from 'vitest';
import { pairedDifference, quantile, summarize } from '../../../src/core/eval/bootstrap.ts';
import type { LineScores } from '../../../src/core/eval/engine.ts';
import { mulberry32 } from '../../../src/core/random.ts';

/** n lines of 1–20 masked tokens with a per-token NLL around `level` nats. */
function syntheticScores(n: number, seed: number, level = 3): LineScores {
  const rng = mulberry32(seed);
  const count = Array.from({ length: n }, () => 1 + Math.floor(rng() * 20));
  const nll = count.map((c) => c * (level + (rng() - 0.5) * 2));
  return { nll, count, correct: count.map((c) => Math.floor(c * rng())) };
}

describe('summarize', () => {
  it('token-weighted loss, perplexity = exp(loss), accuracy = hits / tokens', () => {
    const m = summarize({ nll: [2, 9], count: [1, 3], correct: [1, 1] }, { resamples: 0 });
    expect(m.loss).toBe(11 / 4);
    expect(m.perplexity).toBe(Math.exp(11 / 4));
    expect(m.accuracy).toBe(0.5);
    expect([m.maskedTokens, m.lines]).toEqual([4, 2]);
  });

  it('the 95 % interval contains the point estimate and shrinks with more lines', () => {
    const small = summarize(syntheticScores(40, 1));
    const large = summarize(syntheticScores(1000, 1));
    for (const m of [small, large]) {
      expect(m.resamples).toBe(1000);
      expect(m.ci95[0]).toBeLessThan(m.perplexity);
      expect(m.ci95[1]).toBeGreaterThan(m.perplexity);
    }
    const width = (m: typeof small) => m.ci95[1] - m.ci95[0];
    expect(width(large)).toBeLessThan(width(small) / 3); // ~ 1/√25
  });

  it('is reproducible from its seed', () => {
    const s = syntheticScores(50, 2);
    expect(summarize(s, { seed: 9 }).ci95).toEqual(summarize(s, { seed: 9 }).ci95);
    expect(summarize(s, { seed: 9 }).ci95).not.toEqual(summarize(s, { seed: 10 }).ci95);
  });

  it('quantile interpolates like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([0, 10], 0.975)).toBeCloseTo(9.75, 12);
  });
});

describe('pairedDifference', () => {
  it('a model against itself: exactly 0 with the interval [0, 0]', () => {
    const s = syntheticScores(60, 3);
    const d = pairedDifference(s, structuredClone(s));
    expect([d.deltaLoss, d.deltaPerplexity]).toEqual([0, 0]);
    expect(d.ci95Loss).toEqual([0, 0]);
    expect(d.ci95Perplexity).toEqual([0, 0]);
    expect(d.perplexityRatio).toBe(1);
  });

  it('a uniformly worse variant: Δ > 0, interval excludes 0 and is tighter than the unpaired ones', () => {
    const base = syntheticScores(80, 4);
    const worse = { ...base, nll: base.nll.map((v, i) => v + 0.05 * base.count[i]!) };
    const d = pairedDifference(worse, base);
    expect(d.deltaLoss).toBeCloseTo(0.05, 12);
    expect(d.ci95Loss[0]).toBeCloseTo(0.05, 10);
    expect(d.ci95Loss[1]).toBeCloseTo(0.05, 10);
    expect(d.ci95Perplexity[0]).toBeGreaterThan(0);
    const unpaired = summarize(base).ci95;
    expect(d.ci95Perplexity[1] - d.ci95Perplexity[0]).toBeLessThan(unpaired[1] - unpaired[0]);
  });

  it('refuses runs over different lines or masks', () => {
    const a = syntheticScores(10, 5);
    expect(() => pairedDifference(a, syntheticScores(11, 5))).toThrow(expect.objectContaining({ code: 'not-paired' }));
    expect(() => pairedDifference(a, { ...a, count: a.count.map((c) => c + 1) })).toThrow(/same masked positions/);
  });
});
