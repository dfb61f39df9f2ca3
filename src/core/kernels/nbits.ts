// 4-bit blockwise integer quantization in the com.microsoft.MatMulNBits layout (formats.md §4),
// matching onnxruntime's MLAS BlockwiseQuantizer<float, block, 4, columnwise=true>
// (onnxruntime/core/mlas/lib/q4_dq.cpp, quantizeAndTranspose + range2scale/range2scalezp),
// which is what onnxruntime's matmul_4bits_quantizer.py calls for a [K, N] initializer:
//  * blocks run along K for each output column n; B = uint8 [N, ceil(K/bs), bs/2], element k
//    of a block in the LOW nibble first; scales float32 [N, ceil(K/bs)]; zero points packed
//    two per byte (low nibble = even block) [N, ceil(ceil(K/bs)/2)], asymmetric only.
//  * min/max start at ±FLT_MAX and use `v < min`, `v > max` (NaN never wins).
//  * symmetric: m = |max| > |min| ? max : min (a tie picks the negative one);
//    scale = −m / 8; zero point 8 (implicit).
//  * asymmetric: min ← min(min, 0), max ← max(max, 0); scale = (max − min) / 15;
//    zp_fp = 0 − min/scale (min if scale = 0); zp = 0 if zp_fp < 0, 15 if > 15, else roundf.
//  * q = clamp(roundf(v · rcp + zp), 0, 15), rcp = scale ≠ 0 ? 1/scale : 0, all in float32:
//    the zero point is added BEFORE rounding (roundf rounds half away from zero), and ORT
//    multiplies by a correctly rounded reciprocal rather than dividing.
//  * NaN inputs (undefined behaviour in C's float→uint8 cast; x86 gives 0) → code 0 here.
//  * A partial last block leaves the remaining nibbles 0 (ORT leaves them unspecified).
import { addF, divF, ftz, mulF, roundHalfAway, subF } from './float32.ts';
import type { WeightLayout } from './layout.ts';
import { requireBlockSize, requireLength, requireNoNaNScales, requireNonEmpty, requireShape } from './validate.ts';

export interface NBitsOptions {
  /** K = input features, N = output features. */
  K: number;
  N: number;
  blockSize: number;
  symmetric: boolean;
  /** 'in-out' = ONNX initializer [K, N] (default); 'out-in' = PyTorch [N, K]. */
  layout?: WeightLayout;
}

export interface NBitsQuantized {
  K: number;
  N: number;
  blockSize: number;
  data: Uint8Array;
  scales: Float32Array;
  /** Present for asymmetric quantization. */
  zeroPoints?: Uint8Array;
}

const FLT_MAX = 3.4028234663852886e38;

export function nbitsBlocks(K: number, blockSize: number): number {
  return Math.ceil(K / blockSize);
}

/** ORT's symmetric scale from a block's min and max. */
export function symmetricScale(min: number, max: number): number {
  const m = Math.abs(max) > Math.abs(min) ? max : min;
  return divF(-m, 8);
}

/** ORT's asymmetric scale and zero point from a block's min and max. */
export function asymmetricScaleZp(minIn: number, maxIn: number): { scale: number; zp: number } {
  // std::min(min, 0.0f) and std::max(max, 0.0f), sign of zero included.
  const min = 0 < minIn ? 0 : minIn;
  const max = maxIn < 0 ? 0 : maxIn;
  const scale = divF(subF(max, min), 15);
  const zpFp = scale !== 0 ? subF(0, divF(min, scale)) : min;
  const zp = zpFp < 0 ? 0 : zpFp > 15 ? 15 : roundHalfAway(zpFp);
  return { scale, zp };
}

export function quantizeCode(v: number, reciprocal: number, zp: number): number {
  const r = roundHalfAway(addF(mulF(v, reciprocal), zp));
  if (Number.isNaN(r)) return 0;
  return r < 0 ? 0 : r > 15 ? 15 : r;
}

function checkOptions(kernel: string, n: number, o: NBitsOptions): void {
  requireNonEmpty(kernel, n);
  requireShape(kernel, n, o.K, o.N);
  requireBlockSize(kernel, o.blockSize, 16, 4096);
}

export function quantizeNBits(w: Float32Array, o: NBitsOptions): NBitsQuantized {
  checkOptions('quantizeNBits', w.length, o);
  const { K, N, blockSize } = o;
  const [strideK, strideN] = (o.layout ?? 'in-out') === 'in-out' ? [N, 1] : [1, K];
  const nb = nbitsBlocks(K, blockSize);
  const data = new Uint8Array(N * nb * (blockSize / 2));
  const scales = new Float32Array(N * nb);
  const zpBytes = Math.ceil(nb / 2);
  const zeroPoints = o.symmetric ? undefined : new Uint8Array(N * zpBytes);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < nb; b++) {
      const k0 = b * blockSize;
      const k1 = Math.min(k0 + blockSize, K);
      let min = FLT_MAX;
      let max = -FLT_MAX;
      for (let k = k0; k < k1; k++) {
        const v = ftz(w[k * strideK + n * strideN]!);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      let scale: number;
      let zp = 8;
      if (o.symmetric) {
        scale = symmetricScale(min, max);
      } else {
        ({ scale, zp } = asymmetricScaleZp(min, max));
        zeroPoints![n * zpBytes + (b >> 1)]! |= (b & 1) === 0 ? zp : zp << 4;
      }
      scales[n * nb + b] = scale;
      const reciprocal = scale !== 0 ? divF(1, scale) : 0;
      const base = (n * nb + b) * (blockSize / 2);
      for (let k = k0; k < k1; k++) {
        const q = quantizeCode(w[k * strideK + n * strideN]!, reciprocal, zp);
        const j = k - k0;
        data[base + (j >> 1)]! |= (j & 1) === 0 ? q : q << 4;
      }
    }
  }
  return zeroPoints ? { K, N, blockSize, data, scales, zeroPoints } : { K, N, blockSize, data, scales };
}

export function checkNBits(q: NBitsQuantized, kernel: string): void {
  requireNonEmpty(kernel, q.K * q.N);
  requireBlockSize(kernel, q.blockSize, 16, 4096);
  const nb = nbitsBlocks(q.K, q.blockSize);
  requireLength(kernel, 'B data', q.data.length, q.N * nb * (q.blockSize / 2));
  requireLength(kernel, 'scales', q.scales.length, q.N * nb);
  requireNoNaNScales(kernel, 'scales', q.scales);
  if (q.zeroPoints) requireLength(kernel, 'zero points', q.zeroPoints.length, q.N * Math.ceil(nb / 2));
}

/** x̂ = float32((q − zp) · scale), written in the requested layout (default [K, N]). */
export function dequantizeNBits(q: NBitsQuantized, layout: WeightLayout = 'in-out'): Float32Array {
  checkNBits(q, 'dequantizeNBits');
  const { K, N, blockSize } = q;
  const nb = nbitsBlocks(K, blockSize);
  const zpBytes = Math.ceil(nb / 2);
  const out = new Float32Array(K * N);
  const [strideK, strideN] = layout === 'in-out' ? [N, 1] : [1, K];
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const b = Math.floor(k / blockSize);
      const j = k - b * blockSize;
      const byte = q.data[(n * nb + b) * (blockSize / 2) + (j >> 1)]!;
      const code = (j & 1) === 0 ? byte & 15 : byte >> 4;
      let zp = 8;
      if (q.zeroPoints) {
        const zb = q.zeroPoints[n * zpBytes + (b >> 1)]!;
        zp = (b & 1) === 0 ? zb & 15 : zb >> 4;
      }
      out[k * strideK + n * strideN] = mulF(code - zp, q.scales[n * nb + b]!);
    }
  }
  return out;
}
