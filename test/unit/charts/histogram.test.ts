import { describe, expect, it } from 'vitest';
import { histogramOf } from '../../../src/core/charts/histogram.ts';
import { normalSample } from '../../../src/core/random.ts';

describe('histogramOf', () => {
  it('counts into equal-width bins; the maximum falls in the last bin', () => {
    const h = histogramOf([0, 0.1, 0.5, 0.99, 1, 1, 2, 3, 4], 4);
    expect(h.edges).toEqual([0, 1, 2, 3, 4]);
    expect(h.counts).toEqual([4, 2, 1, 2]);
    expect(h.total).toBe(9);
  });

  it('clamps values outside an explicit range into the end bins', () => {
    const h = histogramOf([-5, -1, 0, 0.5, 1, 9], 2, { min: -1, max: 1 });
    expect(h.edges).toEqual([-1, 0, 1]);
    expect(h.counts).toEqual([2, 4]);
  });

  it('skips non-finite values and widens a constant input to one unit', () => {
    const h = histogramOf([2, 2, NaN, Infinity], 2);
    expect(h.edges).toEqual([1.5, 2, 2.5]);
    expect(h.counts).toEqual([0, 2]);
    expect(h.total).toBe(2);
  });

  it('a normal sample is symmetric and peaks in the middle', () => {
    const h = histogramOf(normalSample(20_000, 7), 10, { min: -3, max: 3 });
    expect(h.total).toBe(20_000);
    const peak = h.counts.indexOf(Math.max(...h.counts));
    expect([4, 5]).toContain(peak);
    // Mirror bins agree within 10 % (sampling noise at these counts is ~3 %).
    for (let i = 0; i < 5; i++) expect(Math.abs(h.counts[i]! - h.counts[9 - i]!)).toBeLessThan(0.1 * Math.max(h.counts[i]!, 50));
  });

  it('rejects a bin count that is not a positive integer', () => {
    expect(() => histogramOf([1], 0)).toThrow(/bins must be a positive integer, got 0/);
    expect(() => histogramOf([1], 2.5)).toThrow(RangeError);
  });
});
