// Float32 arithmetic exactly as our WGSL kernels do it, so CPU and GPU agree bit for bit.
//
// Why flush-to-zero: WGSL lets shader arithmetic flush subnormals, and SwiftShader does
// (a subnormal times 1 gives 0). Rather than depend on the platform, every arithmetic kernel
// reads subnormal inputs as signed zero and flushes subnormal results, explicitly with bit
// tests, in WGSL and here alike. Pure bit-pattern kernels (absmax of raw values is NOT one:
// see absmax.ts; FP16/BF16 conversion, pruning order) stay exact on subnormals.
//
// Why our own division: WGSL `/` is allowed 2.5 ULP of error. A correctly rounded float32
// quotient is what C (ORT, bitsandbytes' 1.0f/absmax) and numpy compute; shaders/lib/f32.wgsl
// reproduces it with a hardware guess corrected by exact integer remainders. In JS,
// Math.fround(a / b) is correctly rounded: a double quotient rounded again to float32 is exact
// for +,−,×,÷ since 53 ≥ 2·24 + 2.

import { f32Bits, f32FromBits } from '../formats/half.ts';

export { f32Bits, f32FromBits };

const f32 = Math.fround;
export const CANONICAL_NAN_BITS = 0x7fc00000;
const MIN_NORMAL = 2 ** -126;

/**
 * Subnormals become zero of the same sign; a NaN becomes THE canonical quiet NaN (0x7FC00000
 * once stored in a Float32Array: a computed NaN like 0·Inf is negative on x86, and the WGSL
 * kernels write the canonical pattern); everything else is unchanged.
 */
export function ftz(x: number): number {
  const v = f32(x);
  if (v !== v) return NaN;
  if (v !== 0 && Math.abs(v) < MIN_NORMAL) return v < 0 ? -0 : 0;
  return v;
}

/** float32 product with flushed inputs and result; the sign of a zero is sign(a) xor sign(b). */
export function mulF(a: number, b: number): number {
  return ftz(f32(ftz(a) * ftz(b)));
}

/** Correctly rounded float32 quotient with flushed inputs and result. */
export function divF(a: number, b: number): number {
  return ftz(f32(ftz(a) / ftz(b)));
}

export function addF(a: number, b: number): number {
  return ftz(f32(ftz(a) + ftz(b)));
}

export function subF(a: number, b: number): number {
  return ftz(f32(ftz(a) - ftz(b)));
}

/** C's roundf: half away from zero. */
export function roundHalfAway(x: number): number {
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

/** IEEE roundeven (torch.round, numpy.rint, WGSL round): half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // half up
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function isNaNBits(bits: number): boolean {
  return (bits & 0x7fffffff) >>> 0 > 0x7f800000;
}

/** |x| as a u32 pattern with NaN → 0 and subnormals → 0: the absmax key (NaN is ignored, like fmaxf). */
export function absKeyFtz(x: number): number {
  const a = (f32Bits(x) & 0x7fffffff) >>> 0;
  if (a > 0x7f800000 || a < 0x00800000) return 0;
  return a;
}
