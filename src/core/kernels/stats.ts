// Statistics for the UI: histogram, error metrics between a tensor and its dequantized copy,
// zero count.
//
// Exactness: the histogram and the zero count are integer counts and agree bit for bit with
// the GPU. For the error metrics the GPU sums float32 partials per workgroup in a tree and the
// host adds the partials in float64; this reference sums in float64 in index order. The two
// agree to a relative 1e-5 (METRIC_RELATIVE_TOLERANCE); maxAbsError is a max and is exact.
import { divF, ftz, mulF, subF } from './float32.ts';
import { requireLength, requireNonEmpty, requireParameter } from './validate.ts';

export const METRIC_RELATIVE_TOLERANCE = 1e-5;

export interface HistogramOptions {
  bins: number;
  min: number;
  max: number;
}

export interface Histogram {
  counts: Uint32Array;
  /** Values below min (incl. −Inf), above max (incl. +Inf), and NaNs: counted apart. */
  below: number;
  above: number;
  nan: number;
}

export function checkHistogram(o: HistogramOptions): void {
  requireParameter('histogram', Number.isInteger(o.bins) && o.bins >= 1 && o.bins <= 4096, 'an integer bin count in 1…4096', o.bins);
  requireParameter('histogram', Number.isFinite(o.min) && Number.isFinite(o.max) && o.min < o.max, 'a finite range min < max', `[${o.min}, ${o.max}]`);
}

/** bins / (max − min) in float32: the factor both backends multiply by. */
export function histogramScale(o: HistogramOptions): number {
  return divF(o.bins, subF(o.max, o.min));
}

/** bin = floor(float32(float32(x − min) · scale)), clamped to the last bin (x = max lands there). */
export function histogram(x: Float32Array, o: HistogramOptions): Histogram {
  requireNonEmpty('histogram', x.length);
  checkHistogram(o);
  const min = Math.fround(o.min);
  const max = Math.fround(o.max);
  const scale = histogramScale(o);
  const counts = new Uint32Array(o.bins);
  let below = 0;
  let above = 0;
  let nan = 0;
  for (let i = 0; i < x.length; i++) {
    const v = ftz(x[i]!);
    if (Number.isNaN(v)) nan++;
    else if (v < min) below++;
    else if (v > max) above++;
    else counts[Math.min(Math.floor(mulF(subF(v, min), scale)), o.bins - 1)]!++;
  }
  return { counts, below, above, nan };
}

export interface ErrorMetrics {
  n: number;
  sumSquares: number;
  sumSquaredError: number;
  mse: number;
  maxAbsError: number;
  /** 10·log10(Σx² / Σ(x − x̂)²); Infinity when the copy is exact. */
  sqnrDb: number;
}

export function metricsFromSums(n: number, sumSquares: number, sumSquaredError: number, maxAbsError: number): ErrorMetrics {
  return {
    n,
    sumSquares,
    sumSquaredError,
    mse: sumSquaredError / n,
    maxAbsError,
    sqnrDb: 10 * Math.log10(sumSquares / sumSquaredError),
  };
}

/** d = float32(x − x̂); sums of float32 x² and d² (float32 products), in float64. */
export function errorMetrics(x: Float32Array, xHat: Float32Array): ErrorMetrics {
  requireNonEmpty('errorMetrics', x.length);
  requireLength('errorMetrics', 'the dequantized copy', xHat.length, x.length);
  let sumSquares = 0;
  let sumSquaredError = 0;
  let maxAbs = 0;
  for (let i = 0; i < x.length; i++) {
    const d = subF(x[i]!, xHat[i]!);
    sumSquares += mulF(x[i]!, x[i]!);
    sumSquaredError += mulF(d, d);
    const a = Math.abs(d);
    if (a > maxAbs) maxAbs = a; // NaN never wins
  }
  return metricsFromSums(x.length, sumSquares, sumSquaredError, maxAbs);
}

/** Exact zeros (+0 and −0). */
export function countZeros(x: Float32Array): number {
  requireNonEmpty('countZeros', x.length);
  let zeros = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === 0) zeros++;
  return zeros;
}
