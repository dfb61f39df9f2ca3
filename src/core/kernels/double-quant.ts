// Double quantization of 4-bit absmax values (bitsandbytes `bnb_4bit_use_double_quant`):
// offset = mean(absmax); y = absmax − offset is quantized blockwise (256 per block) with the
// signed 8-bit dynamic map: absmax2 = max|y| per block, s = y · (1/absmax2), code = nearest
// map value. Our tie rule: the decision thresholds are the float32 midpoints of neighbouring
// map values and code = number of thresholds strictly below s, so a value exactly on a
// midpoint takes the LOWER code (as NF4 does); NaN takes code 0.
// The mean is a float64 sum in index order rounded once to float32, computed on the host for
// both backends (torch's float32 mean uses a different summation order; it can differ from
// ours in the last bit, which is why the offset is stored).
import { dynamicMap8 } from '../formats/codebooks.ts';
import { blockAbsmax } from './absmax.ts';
import { addF, divF, mulF, subF } from './float32.ts';
import { requireLength, requireNoNaNScales, requireNonEmpty, requireParameter } from './validate.ts';

export const DOUBLE_QUANT_BLOCK = 256;

export interface DoubleQuantized {
  codes: Uint8Array;
  absmax2: Float32Array;
  offset: number;
  blockSize: number;
}

let cachedMap: Float32Array | null = null;
let cachedThresholds: Float32Array | null = null;

export function dynamicMap(): Float32Array {
  return (cachedMap ??= dynamicMap8());
}

/** The 255 float32 midpoints between neighbouring dynamic-map values (ascending). */
export function dynamicMapThresholds(): Float32Array {
  if (!cachedThresholds) {
    const map = dynamicMap();
    cachedThresholds = new Float32Array(255);
    for (let i = 0; i < 255; i++) cachedThresholds[i] = Math.fround((map[i]! + map[i + 1]!) / 2);
  }
  return cachedThresholds;
}

/** Number of thresholds strictly below s (binary search; NaN → 0). */
export function dynamicMapEncode(s: number): number {
  const t = dynamicMapThresholds();
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** float32(float64 sum in index order / n): the offset both backends use. */
export function meanF32(x: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]!;
  return Math.fround(sum / x.length);
}

export function doubleQuantize(absmax: Float32Array, offset = meanF32(absmax)): DoubleQuantized {
  requireNonEmpty('doubleQuantize', absmax.length);
  requireNoNaNScales('doubleQuantize', 'absmax values', absmax);
  requireParameter('doubleQuantize', Number.isFinite(offset), 'a finite offset', offset);
  const blockSize = DOUBLE_QUANT_BLOCK;
  const y = new Float32Array(absmax.length);
  for (let i = 0; i < y.length; i++) y[i] = subF(absmax[i]!, offset);
  const absmax2 = blockAbsmax(y, blockSize);
  const codes = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) {
    codes[i] = dynamicMapEncode(mulF(y[i]!, divF(1, absmax2[Math.floor(i / blockSize)]!)));
  }
  return { codes, absmax2, offset: Math.fround(offset), blockSize };
}

/** absmax̂ = float32(map[code] · absmax2) + offset, in float32. */
export function dequantizeDoubleQuant(dq: DoubleQuantized): Float32Array {
  requireNonEmpty('dequantizeDoubleQuant', dq.codes.length);
  requireLength('dequantizeDoubleQuant', 'absmax2', dq.absmax2.length, Math.ceil(dq.codes.length / dq.blockSize));
  requireNoNaNScales('dequantizeDoubleQuant', 'absmax2 values', dq.absmax2);
  const map = dynamicMap();
  const out = new Float32Array(dq.codes.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = addF(mulF(map[dq.codes[i]!]!, dq.absmax2[Math.floor(i / dq.blockSize)]!), dq.offset);
  }
  return out;
}
