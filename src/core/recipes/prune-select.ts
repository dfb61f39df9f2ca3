// Magnitude pruning selection for the recipes (torch.nn.utils.prune semantics, with a defined
// tie rule). The selection itself is the kernels' (src/core/kernels/prune.ts), which the WGSL
// kernels reproduce bit for bit, so cpuBackend and the GPU backend prune exactly the same
// weights:
// * k = round_half_even(amount · n) (Python's round, as torch.nn.utils.prune);
// * |w| is compared as its float32 bit pattern with the sign cleared (NaN above +Inf);
// * among equal |w| the LOWER flat index is pruned first (tensor order, then element order).
import { magnitudeKey, selectMagnitude } from '../kernels/prune.ts';
import { roundHalfEven } from '../kernels/float32.ts';

export function pruneCount(amount: number, total: number): number {
  return roundHalfEven(amount * total);
}

/** Attention heads prune-heads removes from a layer of `heads`: round(amount · heads), leaving at least one. */
export function headsToRemove(amount: number, heads: number): number {
  return Math.min(pruneCount(amount, heads), heads - 1);
}

/** Keep-masks (1 = keep) pruning the `pruneCount(amount, total)` smallest |w| over all tensors. */
export function l1PruneMasks(tensors: readonly Float32Array[], amount: number): Uint8Array[] {
  const total = tensors.reduce((n, t) => n + t.length, 0);
  const masks = tensors.map((t) => new Uint8Array(t.length).fill(1));
  const k = pruneCount(amount, total);
  if (k <= 0) return masks;
  const { thresholdKey, tieQuota } = selectMagnitude(tensors, k);
  let ties = tieQuota;
  tensors.forEach((t, index) => {
    const keys = new Uint32Array(t.buffer, t.byteOffset, t.length);
    const mask = masks[index]!;
    for (let i = 0; i < keys.length; i++) {
      const key = (keys[i]! & 0x7fffffff) >>> 0;
      if (key < thresholdKey || (key === thresholdKey && ties-- > 0)) mask[i] = 0;
    }
  });
  return masks;
}

/**
 * 2:4 semi-structured sparsity of an [in, out] ONNX weight: for every output and every group
 * of 4 consecutive inputs (PyTorch's [out, in] rows, as NVIDIA's sparse tensor cores want),
 * keep the 2 largest |w| (compared like the kernels' prune24: bit patterns, NaN largest);
 * equal magnitudes keep the lower input index. A trailing group of fewer than 4 inputs keeps
 * at most 2 (the kernels require a multiple of 4; the GPU backend falls back to this).
 */
export function twoOfFourMask(weight: Float32Array, inFeatures: number, outFeatures: number): Uint8Array {
  const mask = new Uint8Array(weight.length);
  for (let n = 0; n < outFeatures; n++) {
    for (let k0 = 0; k0 < inFeatures; k0 += 4) {
      const size = Math.min(4, inFeatures - k0);
      // Two passes of "largest remaining |w|, lowest index on ties" (no allocation per group).
      for (let pick = 0; pick < Math.min(2, size); pick++) {
        let best = -1;
        let bestKey = -1;
        for (let j = 0; j < size; j++) {
          const at = (k0 + j) * outFeatures + n;
          const key = magnitudeKey(weight[at]!);
          if (!mask[at] && key > bestKey) {
            best = at;
            bestKey = key;
          }
        }
        mask[best] = 1;
      }
    }
  }
  return mask;
}
