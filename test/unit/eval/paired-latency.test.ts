// Paired latency: turns alternate, each round's ratio is variant / baseline of its two turns'
// medians, the interval is the order-statistic one for a median, and the verdict needs the whole
// interval on one side of 1. Time comes from a fake clock that each model call advances.
import { describe, expect, it } from 'vitest';
import type { ModelInputs, RunModel } from '../../../src/core/eval/batch.ts';
import { measurePairedLatency, medianIntervalRank, summarizeRatios } from '../../../src/core/eval/paired-latency.ts';

const inputs: ModelInputs = { batch: 1, sequence: 1, inputIds: new BigInt64Array(1), attentionMask: new BigInt64Array([1n]), tokenTypeIds: new BigInt64Array(1) };

/** A clock and models that advance it by their call's cost; `log` records who ran. */
function fakeTiming(cost: { baseline: (call: number) => number; variant: (call: number) => number }) {
  let t = 0;
  const log: string[] = [];
  const model = (name: 'baseline' | 'variant'): RunModel => {
    let call = 0;
    return async () => {
      log.push(name);
      t += cost[name](call++);
      return { data: new Float32Array(0), dims: [] };
    };
  };
  return { now: () => t, log, baseline: model('baseline'), variant: model('variant') };
}

describe('medianIntervalRank', () => {
  it('gives the known order-statistic intervals for a median', () => {
    // n = 5: even [min, max] covers only 1 − 2/32 = 93.75 %.
    expect(medianIntervalRank(5)).toBeUndefined();
    expect(medianIntervalRank(6)).toEqual({ k: 1, coverage: 1 - 2 / 64 });
    expect(medianIntervalRank(7)).toEqual({ k: 1, coverage: 1 - 2 / 128 });
    // n = 9: P(X ≤ 1) = 10/512, so [x(2), x(8)] covers 96.1 %; k = 3 would cover only 82 %.
    expect(medianIntervalRank(9)).toEqual({ k: 2, coverage: 1 - 20 / 512 });
    const k20 = medianIntervalRank(20)!;
    expect(k20.k).toBe(6); // the textbook rank for n = 20
    expect(k20.coverage).toBeCloseTo(0.9586, 4);
  });
});

describe('summarizeRatios', () => {
  it('says slower only when the whole interval is above 1 and the ratio is 5 % or more away from 1', () => {
    const slower = summarizeRatios([1.06, 1.05, 1.08, 1.04, 1.07, 1.05, 1.06, 1.09, 1.05]);
    expect(slower.ratio).toBeCloseTo(1.06);
    expect(slower.ci95).toEqual([1.05, 1.08]);
    expect(slower.verdict).toBe('slower');
    // Same values but one round below 1 at the second rank: no longer a claim.
    const unclear = summarizeRatios([1.06, 0.99, 1.08, 0.98, 1.07, 1.05, 1.06, 1.09, 1.05]);
    expect(unclear.ci95).toEqual([0.99, 1.08]);
    expect(unclear.verdict).toBe('no detectable difference');
    expect(summarizeRatios([0.8, 0.85, 0.83, 0.86, 0.84, 0.82, 0.81]).verdict).toBe('faster');
    // Every round 3.5 % slower: the interval excludes 1, but identical graphs differ that much.
    const small = summarizeRatios([1.035, 1.034, 1.036, 1.035, 1.033, 1.037, 1.035, 1.034, 1.036]);
    expect(small.ci95![0]).toBeGreaterThan(1);
    expect(small.verdict).toBe('within noise');
    expect(summarizeRatios([1.035, 1.034, 1.036, 1.035, 1.033, 1.037, 1.035, 1.034, 1.036], 0.03).verdict).toBe('slower');
    const few = summarizeRatios([0.5, 0.6, 0.55]);
    expect(few.ci95).toBeUndefined();
    expect(few.verdict).toBe('too few rounds');
    expect(few.range).toEqual([0.5, 0.6]);
  });

  it('refuses an empty list with a message', () => {
    expect(() => summarizeRatios([])).toThrow(/at least one finite ratio/);
  });
});

describe('measurePairedLatency', () => {
  it('alternates turns, warms both sessions up and measures a 10 % slower variant as slower', async () => {
    const f = fakeTiming({ baseline: () => 100, variant: () => 110 });
    const timing = await measurePairedLatency(f.variant, f.baseline, inputs, { warmup: 1, rounds: 3, callsPerTurn: 2, now: f.now });
    const result = timing.paired!;
    expect(f.log).toEqual([
      'baseline', 'variant', // warm-up
      'baseline', 'baseline', 'variant', 'variant', // round 0: baseline first
      'variant', 'variant', 'baseline', 'baseline', // round 1: variant first
      'baseline', 'baseline', 'variant', 'variant',
    ]);
    expect(result.ratios).toEqual([1.1, 1.1, 1.1].map((r) => expect.closeTo(r, 12)));
    expect(result.variantMs.median).toBe(110);
    expect(result.baselineMs.median).toBe(100);
    expect(timing.variantSamplesMs).toEqual([110, 110, 110, 110, 110, 110]);
    expect(timing.baselineSamplesMs).toHaveLength(6);
    expect(result.verdict).toBe('too few rounds');
  });

  it('pairs within a round: a slowdown of the whole machine in some rounds cancels out', async () => {
    // Calls 4–7 of each model (rounds 2–3 with 2 calls per turn) run 3× slower for both.
    const slowPhase = (call: number) => (call >= 4 && call < 8 ? 3 : 1);
    const f = fakeTiming({ baseline: (c) => 100 * slowPhase(c), variant: (c) => 94 * slowPhase(c) });
    const result = (await measurePairedLatency(f.variant, f.baseline, inputs, { warmup: 0, rounds: 9, now: f.now })).paired!;
    for (const r of result.ratios) expect(r).toBeCloseTo(0.94, 12);
    expect(result.verdict).toBe('faster');
    expect(result.coverage).toBeCloseTo(1 - 20 / 512, 12);
  });

  it('a variant as fast as the baseline, with noise, gets no verdict either way', async () => {
    let seed = 5;
    const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000) / 100; // 0–10 ms
    const f = fakeTiming({ baseline: () => 100 + noise(), variant: () => 100 + noise() });
    const result = (await measurePairedLatency(f.variant, f.baseline, inputs, { warmup: 0, rounds: 9, callsPerTurn: 1, now: f.now })).paired!;
    expect(result.ci95![0]).toBeLessThan(1);
    expect(result.ci95![1]).toBeGreaterThan(1);
    expect(result.verdict).toBe('no detectable difference');
  });

  it('gives no ratio, rather than a wrong one, when the calls are faster than the clock', async () => {
    const f = fakeTiming({ baseline: () => 0, variant: () => 0 });
    const timing = await measurePairedLatency(f.variant, f.baseline, inputs, { warmup: 0, rounds: 6, now: f.now });
    expect(timing.paired).toBeUndefined();
    expect(timing.variantSamplesMs).toHaveLength(12);
  });

  it('stops at a cancel and rejects bad options with a message', async () => {
    const controller = new AbortController();
    const f = fakeTiming({ baseline: () => 1, variant: () => 1 });
    const rounds = measurePairedLatency(f.variant, f.baseline, inputs, { rounds: 9, now: f.now, signal: controller.signal, onRound: (done) => done === 2 && controller.abort() });
    await expect(rounds).rejects.toMatchObject({ code: 'cancelled' });
    expect(f.log.length).toBeLessThan(6 + 9 * 4);
    await expect(measurePairedLatency(f.variant, f.baseline, inputs, { rounds: 0 })).rejects.toThrow(/rounds a positive integer/);
    await expect(measurePairedLatency(f.variant, f.baseline, inputs, { callsPerTurn: 1.5 })).rejects.toThrow(/callsPerTurn a positive integer/);
  });
});
