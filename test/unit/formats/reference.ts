// Independent references for the format tests. Nothing here imports the code under test:
// values come from the textbook formula sign × 2^(e − bias) × (1 + m/2^M) (subnormals
// m/2^M × 2^(1 − bias)), and rounding from a search over the sorted value table.

export interface RefFormat {
  expBits: number;
  manBits: number;
  bias: number;
  /** 'ieee': top exponent = Inf/NaN; 'fn': only S.1…1.1…1 is NaN (OCP E4M3). */
  kind: 'ieee' | 'fn';
}

export const REF_FP16: RefFormat = { expBits: 5, manBits: 10, bias: 15, kind: 'ieee' };
export const REF_BF16: RefFormat = { expBits: 8, manBits: 7, bias: 127, kind: 'ieee' };
export const REF_E4M3: RefFormat = { expBits: 4, manBits: 3, bias: 7, kind: 'fn' };
export const REF_E5M2: RefFormat = { expBits: 5, manBits: 2, bias: 15, kind: 'ieee' };

/** The value of a pattern by the formula (NaN for NaN patterns). */
export function refValue(f: RefFormat, pattern: number): number {
  const width = 1 + f.expBits + f.manBits;
  const sign = Math.floor(pattern / 2 ** (width - 1)) % 2 === 1 ? -1 : 1;
  const e = Math.floor(pattern / 2 ** f.manBits) % 2 ** f.expBits;
  const m = pattern % 2 ** f.manBits;
  const top = 2 ** f.expBits - 1;
  if (f.kind === 'ieee' && e === top) return m === 0 ? sign * Infinity : NaN;
  if (f.kind === 'fn' && e === top && m === 2 ** f.manBits - 1) return NaN;
  if (e === 0) return sign * (m / 2 ** f.manBits) * Math.pow(2, 1 - f.bias);
  return sign * (1 + m / 2 ** f.manBits) * Math.pow(2, e - f.bias);
}

export interface RefTable {
  /** Non-negative finite values ascending, with their patterns. */
  values: number[];
  patterns: number[];
  max: number;
  /** The value one ULP above max, as if the format continued (the rounding boundary). */
  virtualNext: number;
}

/** All non-negative finite values (for 8/16-bit formats). */
export function refTable(f: RefFormat): RefTable {
  const width = 1 + f.expBits + f.manBits;
  const entries: Array<[number, number]> = [];
  for (let p = 0; p < 2 ** (width - 1); p++) {
    const v = refValue(f, p);
    if (Number.isFinite(v)) entries.push([v, p]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const values = entries.map((e) => e[0]);
  const patterns = entries.map((e) => e[1]);
  const max = values[values.length - 1]!;
  const ulp = max - values[values.length - 2]!;
  return { values, patterns, max, virtualNext: max + ulp };
}

/**
 * Reference rounding of |x| (finite, ≥ 0): the nearest table value, ties to the even
 * pattern; 'overflow' when the nearest (with the virtual value above max, whose pattern
 * parity is max's + 1) lies beyond max.
 */
export function refRound(t: RefTable, magnitude: number): { pattern: number } | 'overflow' {
  const { values, patterns } = t;
  if (magnitude > t.max) {
    const lowDist = magnitude - t.max;
    const highDist = t.virtualNext - magnitude;
    const maxPattern = patterns[patterns.length - 1]!;
    if (lowDist < highDist) return { pattern: maxPattern };
    if (lowDist > highDist) return 'overflow';
    return maxPattern % 2 === 0 ? { pattern: maxPattern } : 'overflow';
  }
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (values[mid]! <= magnitude) lo = mid;
    else hi = mid - 1;
  }
  const below = values[lo]!;
  if (below === magnitude || lo === values.length - 1) return { pattern: patterns[lo]! };
  const above = values[lo + 1]!;
  const dBelow = magnitude - below;
  const dAbove = above - magnitude;
  if (dBelow < dAbove) return { pattern: patterns[lo]! };
  if (dBelow > dAbove) return { pattern: patterns[lo + 1]! };
  return patterns[lo]! % 2 === 0 ? { pattern: patterns[lo]! } : { pattern: patterns[lo + 1]! };
}

/** BF16 of a float32 pattern by BigInt arithmetic: keep 16 bits, round the other 16 to even. */
export function refBf16FromF32Bits(u: number): number | 'nan' {
  const bits = BigInt(u >>> 0);
  if ((bits & 0x7fffffffn) > 0x7f800000n) return 'nan';
  const kept = bits >> 16n;
  const rest = bits & 0xffffn;
  let rounded = kept;
  if (rest > 0x8000n || (rest === 0x8000n && (kept & 1n) === 1n)) rounded += 1n;
  return Number(rounded);
}

/** Deterministic 32-bit PRNG (mulberry32) so sweeps are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const f64 = new DataView(new ArrayBuffer(8));

/** The double just above (+1) or below (−1) a positive finite double. */
export function nextDouble(x: number, direction: 1 | -1): number {
  f64.setFloat64(0, x);
  const bits = f64.getBigUint64(0) + BigInt(direction);
  f64.setBigUint64(0, bits);
  return f64.getFloat64(0);
}

const f32 = new DataView(new ArrayBuffer(4));

export function floatFromBits32(u: number): number {
  f32.setUint32(0, u >>> 0);
  return f32.getFloat32(0);
}

export function bitsOfFloat32(x: number): number {
  f32.setFloat32(0, x);
  return f32.getUint32(0);
}
