// The evaluation cell's words and the stored-record check: a verdict only when the paired
// interval excludes 0; records of another version, with a wrong key or missing scores are refused.
import { describe, expect, it } from 'vitest';
import type { PairedDifference } from '../../../src/core/eval/bootstrap.ts';
import { makeResultRecord } from '../../../src/core/eval/results.ts';
import { pairedRatioText, progressOf, progressText, verdict } from '../../../src/features/evaluate/eval-text.ts';
import { summarizeRatios } from '../../../src/core/eval/paired-latency.ts';
import { invalidReason, memoryPersistence } from '../../../src/state/eval-persistence.ts';

const diff = (low: number, high: number) => ({ ci95Perplexity: [low, high] }) as PairedDifference;

function record() {
  const scores = { nll: [1.5, 2], count: [1, 2], correct: [0, 1] };
  return makeResultRecord({ model: 'm', variant: 'nf4', dataset: 'd?lines=2', protocol: 'masked-lm', device: 'wasm' }, {
    settings: { seed: 1, maskRate: 0.15, maxLength: 16, maskStream: 'per-line' },
    stats: { inputLines: 2, emptyLines: 0, noTokenLines: 0, truncatedLines: 0, truncatedTokens: 0, maskableTokens: 10, maskedTokens: 3 },
    metrics: { loss: 3.5 / 3, perplexity: Math.exp(3.5 / 3), accuracy: 1 / 3, maskedTokens: 3, lines: 2, ci95: [2, 5], resamples: 10 },
    scores,
  });
}

describe('evaluation cell text', () => {
  it('names a difference only when the interval excludes zero', () => {
    expect(verdict(diff(0.1, 2))).toBe('worse than fp32');
    expect(verdict(diff(-2, -0.1))).toBe('better than fp32');
    expect(verdict(diff(-0.1, 2))).toBe('no significant difference');
    expect(verdict(diff(0, 2))).toBe('no significant difference');
  });

  it('writes progress as lines, tokens/s and time left, and the paired timing rounds', () => {
    expect(progressText({ status: 'eval-lines', linesDone: 40, linesTotal: 200, tokensPerSecond: 1234.4, etaSeconds: 12.2 })).toBe('40 / 200 lines · 1,234 tokens/s · 12 s left');
    expect(progressText({ status: 'eval-latency', roundsDone: 3, roundsTotal: 9 })).toBe('Timing the model call, in turns with fp32: round 3 / 9…');
    // The bar follows lines, then rounds; it is indeterminate while data loads or a session starts.
    expect(progressOf({ status: 'eval-lines', linesDone: 40, linesTotal: 200, tokensPerSecond: 1, etaSeconds: 1 })).toEqual({ done: 40, total: 200 });
    expect(progressOf({ status: 'eval-latency', roundsDone: 3, roundsTotal: 9 })).toEqual({ done: 3, total: 9 });
    expect(progressOf({ status: 'eval-latency' })).toEqual({});
    expect(progressOf({ status: 'eval-session', ep: 'wasm' })).toEqual({});
  });

  it('writes a paired latency ratio with its interval, or its range when the rounds are too few', () => {
    const timing = { rounds: 9, callsPerTurn: 2, warmup: 6, variantMs: { median: 1, p90: 1 }, baselineMs: { median: 1, p90: 1 } };
    expect(pairedRatioText({ ...timing, ...summarizeRatios([1.06, 1.05, 1.08, 1.04, 1.07, 1.05, 1.06, 1.09, 1.05]) })).toBe('1.06× [1.05–1.08] slower');
    expect(pairedRatioText({ ...timing, ...summarizeRatios([1.03, 0.99, 1.05, 0.98, 1.04, 1.02, 1.03, 1.06, 1.02]) })).toBe('1.03× [0.99–1.05] no detectable difference');
    expect(pairedRatioText({ ...timing, ...summarizeRatios([1.02, 1.01, 1.03, 1.02, 1.02, 1.01, 1.03, 1.02, 1.02]) })).toBe('1.02× [1.01–1.03] slower by less than 5 %, within noise');
    expect(pairedRatioText({ ...timing, rounds: 3, ...summarizeRatios([0.84, 0.9, 0.86]) })).toBe('0.86× [0.84–0.90] range of 3 rounds, too few for an interval');
  });
});

describe('stored evaluation records', () => {
  it('accepts a fresh record and refuses damaged ones', async () => {
    expect(invalidReason(record())).toBeUndefined();
    expect(invalidReason({ ...record(), version: 0 })).toMatch(/version 0/);
    expect(invalidReason({ ...record(), variant: 'int4' })).toMatch(/key/);
    expect(invalidReason({ ...record(), scores: { nll: [1], count: [1], correct: [0] } })).toMatch(/one per line/);
    expect(invalidReason({ ...record(), metrics: { ...record().metrics, perplexity: 'x' } })).toMatch(/metrics/);
    expect(invalidReason(null)).toBe('not an object');
    const memory = memoryPersistence();
    await memory.save(record());
    expect(await memory.loadAll()).toEqual([record()].map((r) => ({ ...r, finishedAt: expect.any(String) })));
  });
});
