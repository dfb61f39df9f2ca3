// Bulk float32 → FP16 / BF16 bit patterns (round to nearest even, subnormals, overflow to Inf,
// NaN → the canonical quiet NaN). Uses the scalar codecs of ../formats/half.ts so the whole
// app has one definition; shaders/convert.wgsl does the same with u32 operations.
import { bf16BitsToF32, f16BitsToF32, f32ToBf16Bits, f32ToF16Bits } from '../formats/half.ts';
import { requireNonEmpty } from './validate.ts';

export type HalfFormat = 'f16' | 'bf16';

export function f32ToHalfBits(x: Float32Array, format: HalfFormat): Uint16Array {
  requireNonEmpty('f32ToHalfBits', x.length);
  const encode = format === 'f16' ? f32ToF16Bits : f32ToBf16Bits;
  const out = new Uint16Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = encode(x[i]!);
  return out;
}

export function halfBitsToF32(bits: Uint16Array, format: HalfFormat): Float32Array {
  requireNonEmpty('halfBitsToF32', bits.length);
  const decode = format === 'f16' ? f16BitsToF32 : bf16BitsToF32;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = decode(bits[i]!);
  return out;
}

/** The bandwidth yardstick's reference: a plain copy. */
export function copyF32(x: Float32Array): Float32Array {
  return x.slice();
}
