// Magnitude pruning selection (torch.nn.utils.prune semantics, with a defined tie rule).
// TODO(kernels): replace with src/core/kernels/... (helper-3's pruning selection and 2:4)
// once they exist, keeping this tie rule so CPU and GPU masks agree bit for bit.
//
// l1_unstructured / global_unstructured prune round(amount · n) weights (Python's round:
// half to even) of smallest |w|. torch.topk leaves the order of equal magnitudes unspecified;
// we prune equal magnitudes in index order (tensor order, then element order).
// The k-th smallest |w| is found by a two-pass radix select on the float32 bit patterns
// (|w| as uint32 orders like the value), so no copy of all weights is sorted.
import { roundHalfEven } from '../kernels/float32.ts';

export function pruneCount(amount: number, total: number): number {
  return roundHalfEven(amount * total);
}

/** Keep-masks (1 = keep) pruning the `pruneCount(amount, total)` smallest |w| over all tensors. */
export function l1PruneMasks(tensors: readonly Float32Array[], amount: number): Uint8Array[] {
  const total = tensors.reduce((n, t) => n + t.length, 0);
  const k = pruneCount(amount, total);
  const masks = tensors.map((t) => new Uint8Array(t.length).fill(1));
  if (k <= 0) return masks;
  const keys = tensors.map((t) => new Uint32Array(t.buffer, t.byteOffset, t.length));
  const high = new Float64Array(65536);
  for (const key of keys) for (let i = 0; i < key.length; i++) high[(key[i]! & 0x7fffffff) >>> 16]!++;
  const [binHigh, belowHigh] = findBin(high, k, 0);
  const low = new Float64Array(65536);
  for (const key of keys) {
    for (let i = 0; i < key.length; i++) {
      const a = key[i]! & 0x7fffffff;
      if (a >>> 16 === binHigh) low[a & 0xffff]!++;
    }
  }
  const [binLow, below] = findBin(low, k, belowHigh);
  const threshold = ((binHigh << 16) | binLow) >>> 0;
  let ties = k - below;
  keys.forEach((key, t) => {
    const mask = masks[t]!;
    for (let i = 0; i < key.length; i++) {
      const a = (key[i]! & 0x7fffffff) >>> 0;
      if (a < threshold) mask[i] = 0;
      else if (a === threshold && ties > 0) {
        mask[i] = 0;
        ties--;
      }
    }
  });
  return masks;
}

/** The bin holding the k-th smallest element, and the count strictly below that bin. */
function findBin(hist: Float64Array, k: number, before: number): [number, number] {
  let cumulative = before;
  for (let b = 0; b < hist.length; b++) {
    if (cumulative + hist[b]! >= k) return [b, cumulative];
    cumulative += hist[b]!;
  }
  return [hist.length - 1, cumulative];
}

/**
 * 2:4 semi-structured sparsity of an [in, out] ONNX weight: for every output and every group
 * of 4 consecutive inputs (PyTorch's [out, in] rows, as NVIDIA's sparse tensor cores want),
 * keep the 2 largest |w|; equal magnitudes keep the lower input index. A trailing group of
 * fewer than 4 inputs keeps at most 2.
 */
export function twoOfFourMask(weight: Float32Array, inFeatures: number, outFeatures: number): Uint8Array {
  const mask = new Uint8Array(weight.length);
  for (let n = 0; n < outFeatures; n++) {
    for (let k0 = 0; k0 < inFeatures; k0 += 4) {
      const size = Math.min(4, inFeatures - k0);
      // Two passes of "largest remaining |w|, lowest index on ties" (no allocation per group).
      for (let pick = 0; pick < Math.min(2, size); pick++) {
        let best = -1;
        let bestAbs = -1;
        for (let j = 0; j < size; j++) {
          const at = (k0 + j) * outFeatures + n;
          const a = Math.abs(weight[at]!);
          if (!mask[at] && a > bestAbs) {
            best = at;
            bestAbs = a;
          }
        }
        mask[best] = 1;
      }
    }
  }
  return mask;
}
