// Magnitude pruning with an exactly chosen threshold, structured scores and 2:4 masks.
//
// Order: |w| is compared as its u32 bit pattern (sign cleared): for non-negative floats the
// u32 order is the numeric order, subnormals included, and NaN sorts above +Inf (so it is
// pruned last). k = round_half_even(amount · n) (Python's round, as torch.nn.utils.prune).
// Ties: torch's topk leaves them to the implementation; ours prunes, among equal |w|, the
// LOWER flat index first (flat index over the tensors concatenated in the given order for
// global pruning). Pruned weights become +0 (torch's mask multiply gives −0 for negative ones).
import { f32Bits } from '../formats/half.ts';
import { KernelInputError } from './errors.ts';
import { roundHalfEven } from './float32.ts';
import { requireNonEmpty, requireParameter, requireShape } from './validate.ts';

export function pruneCount(n: number, amount: number): number {
  requireParameter('pruneCount', Number.isFinite(amount) && amount >= 0 && amount <= 1, 'an amount in [0, 1]', amount);
  return roundHalfEven(amount * n);
}

export function magnitudeKey(x: number): number {
  return (f32Bits(x) & 0x7fffffff) >>> 0;
}

/** What the selection found: prune every key < threshold, and the first `tieQuota` keys == threshold. */
export interface MagnitudeSelection {
  k: number;
  /** u32 pattern of the k-th smallest |w| (0 when k = 0). */
  thresholdKey: number;
  /** Number of keys strictly below the threshold. */
  below: number;
  /** How many keys equal to the threshold are pruned (lowest flat index first). */
  tieQuota: number;
}

/** Radix select (4 passes of 8 bits, most significant first) over the concatenated tensors. */
export function selectMagnitude(tensors: readonly Float32Array[], k: number): MagnitudeSelection {
  const n = tensors.reduce((s, t) => s + t.length, 0);
  requireParameter('selectMagnitude', Number.isInteger(k) && k >= 0 && k <= n, `a count in [0, ${n}]`, k);
  if (k === 0) return { k, thresholdKey: 0, below: 0, tieQuota: 0 };
  let prefix = 0;
  let rank = k; // 1-based rank of the wanted key among those matching the prefix
  let below = 0;
  for (let pass = 0; pass < 4; pass++) {
    const shift = 24 - 8 * pass;
    const maskHigh = pass === 0 ? 0 : (0xffffffff << (shift + 8)) >>> 0;
    const hist = new Float64Array(256);
    for (const t of tensors) {
      const bits = new Uint32Array(t.buffer, t.byteOffset, t.length);
      for (let i = 0; i < bits.length; i++) {
        const key = (bits[i]! & 0x7fffffff) >>> 0;
        if (((key & maskHigh) >>> 0) === prefix) hist[(key >>> shift) & 255]!++;
      }
    }
    let digit = 0;
    while (rank > hist[digit]!) {
      rank -= hist[digit]!;
      below += hist[digit]!;
      digit++;
    }
    prefix = (prefix | (digit << shift)) >>> 0;
  }
  return { k, thresholdKey: prefix, below, tieQuota: k - below };
}

export interface PruneResult {
  pruned: Float32Array[];
  selection: MagnitudeSelection;
}

/** Zero exactly k = round(amount·n) weights of smallest |w|, over all tensors together. */
export function pruneGlobal(tensors: readonly Float32Array[], amount: number): PruneResult {
  if (tensors.length === 0) throw new KernelInputError('empty', 'pruneGlobal', 'at least one tensor', 'none');
  for (const t of tensors) requireNonEmpty('pruneGlobal', t.length);
  const n = tensors.reduce((s, t) => s + t.length, 0);
  const selection = selectMagnitude(tensors, pruneCount(n, amount));
  let ties = selection.tieQuota;
  const pruned = tensors.map((t) => {
    const out = t.slice();
    for (let i = 0; i < out.length; i++) {
      const key = magnitudeKey(out[i]!);
      if (selection.k > 0 && (key < selection.thresholdKey || (key === selection.thresholdKey && ties-- > 0))) out[i] = 0;
    }
    return out;
  });
  return { pruned, selection };
}

/** Each tensor pruned to the same amount on its own. */
export function prunePerTensor(tensors: readonly Float32Array[], amount: number): PruneResult[] {
  return tensors.map((t) => pruneGlobal([t], amount));
}

export type StructuredAxis = 'row' | 'column';
export type StructuredNorm = 'l1' | 'l2';

/**
 * Per-row or per-column accumulators in float32, sequential in index order (the GPU does the
 * same per thread, so the sums agree bit for bit): Σ|w| for L1, Σw² for L2 (flushed like all
 * kernel arithmetic). Norms come from normsFromSums.
 */
export function structuredSums(w: Float32Array, rows: number, cols: number, axis: StructuredAxis, norm: StructuredNorm): Float32Array {
  requireNonEmpty('structuredSums', w.length);
  requireShape('structuredSums', w.length, rows, cols);
  const [count, len, outer, inner] = axis === 'row' ? [rows, cols, cols, 1] : [cols, rows, 1, cols];
  const out = new Float32Array(count);
  const ftz = (v: number) => (Math.abs(v) < 2 ** -126 ? 0 : v);
  for (let g = 0; g < count; g++) {
    let acc = 0;
    for (let i = 0; i < len; i++) {
      const v = ftz(w[g * outer + i * inner]!);
      acc = ftz(Math.fround(acc + (norm === 'l1' ? Math.abs(v) : ftz(Math.fround(v * v)))));
    }
    out[g] = acc;
  }
  return out;
}

/** L1 sums are the norms; L2 norms are float32(sqrt(Σw²)), a correctly rounded root. */
export function normsFromSums(sums: Float32Array, norm: StructuredNorm): Float32Array {
  return norm === 'l1' ? sums.slice() : sums.map((s) => Math.fround(Math.sqrt(s)));
}

/**
 * Attention-head scores: heads are groups of `headSize` consecutive rows or columns; a head's
 * sum is the float32 sequential sum of its rows'/columns' sums, then the norm as above.
 */
export function headScores(sums: Float32Array, headSize: number, norm: StructuredNorm): Float32Array {
  requireParameter('headScores', Number.isInteger(headSize) && headSize > 0 && sums.length % headSize === 0,
    `a head size dividing ${sums.length}`, headSize);
  const heads = new Float32Array(sums.length / headSize);
  for (let h = 0; h < heads.length; h++) {
    let acc = 0;
    for (let i = 0; i < headSize; i++) acc = Math.fround(acc + sums[h * headSize + i]!);
    heads[h] = acc;
  }
  return normsFromSums(heads, norm);
}

export function structuredScores(w: Float32Array, rows: number, cols: number, axis: StructuredAxis, norm: StructuredNorm): Float32Array {
  return normsFromSums(structuredSums(w, rows, cols, axis, norm), norm);
}

/**
 * 2:4 semi-structured sparsity: in every 4 consecutive elements along the INPUT dimension keep
 * the 2 of largest |w| (ties keep the lower index). layout 'out-in' groups along a row,
 * 'in-out' (ONNX [in, out]) groups down a column. Returns the pruned copy.
 */
export function prune24(w: Float32Array, rows: number, cols: number, layout: 'out-in' | 'in-out'): Float32Array {
  requireNonEmpty('prune24', w.length);
  requireShape('prune24', w.length, rows, cols);
  const inDim = layout === 'out-in' ? cols : rows;
  if (inDim % 4 !== 0) {
    throw new KernelInputError('shape', 'prune24', 'an input dimension that is a multiple of 4', String(inDim));
  }
  const out = w.slice();
  const groups = w.length / 4;
  for (let g = 0; g < groups; g++) {
    const idx = groupIndices(g, rows, cols, layout);
    const keys = idx.map((i) => magnitudeKey(w[i]!));
    for (let j = 0; j < 4; j++) {
      let beaten = 0;
      for (let i = 0; i < 4; i++) if (keys[i]! > keys[j]! || (keys[i] === keys[j] && i < j)) beaten++;
      if (beaten >= 2) out[idx[j]!] = 0;
    }
  }
  return out;
}

/** Flat indices of 2:4 group g (groups numbered in memory order of their first element). */
export function groupIndices(g: number, rows: number, cols: number, layout: 'out-in' | 'in-out'): number[] {
  if (layout === 'out-in') return [4 * g, 4 * g + 1, 4 * g + 2, 4 * g + 3];
  const rowGroup = Math.floor(g / cols);
  const c = g % cols;
  const r0 = rowGroup * 4;
  return [0, 1, 2, 3].map((i) => (r0 + i) * cols + c);
}
