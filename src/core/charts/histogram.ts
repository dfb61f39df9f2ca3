// A histogram of weights with equal-width bins, for drawing a layer's weight distribution
// under the values a 4-bit format can represent.

export interface Histogram {
  /** bins + 1 ascending edges; bin i is [edges[i], edges[i+1]) and the last bin is closed. */
  readonly edges: number[];
  readonly counts: number[];
  /** Values counted (non-finite values are skipped: they have no place on the axis). */
  readonly total: number;
}

export interface HistogramRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Counts `values` into `bins` equal-width bins over `range` (default: the values' own min and
 * max). Values outside an explicit range are clamped into the first/last bin, so the total
 * still matches the layer's weight count. A constant input gets one unit-wide span around it.
 */
export function histogramOf(values: ArrayLike<number>, bins: number, range?: HistogramRange): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogramOf: bins must be a positive integer, got ${bins}`);
  let min = range?.min ?? Infinity;
  let max = range?.max ?? -Infinity;
  if (!range) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!(min <= max)) { min = 0; max = 1; } // no finite values
  if (min === max) { min -= 0.5; max += 0.5; }
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)));
    counts[bin]!++;
    total++;
  }
  return { edges, counts, total };
}
