// Fast float32 ⇄ FP16/BF16 conversions on 32-bit patterns, for kernels and bulk data.
// They round the float32 value (Math.fround of the argument) to nearest, ties to even, and
// agree bit for bit with the generic codec in ieee.ts on every float32 input (tested).
//
// Note the difference from describeValue: these start FROM FLOAT32, as PyTorch and GPUs do;
// describeValue rounds the JS double directly. For values that are exactly float32 the two
// agree; for other doubles the float32 route can round twice (e.g. 1 + 2⁻⁸ + 2⁻³⁰ → BF16
// gives 1.0 via float32 but 1.0078125 directly).

const scratch = new DataView(new ArrayBuffer(4));

/** The float32 bit pattern of Math.fround(x), as an unsigned integer. */
export function f32Bits(x: number): number {
  scratch.setFloat32(0, x);
  return scratch.getUint32(0);
}

/** The float32 value of a 32-bit pattern. */
export function f32FromBits(bits: number): number {
  scratch.setUint32(0, bits >>> 0);
  return scratch.getFloat32(0);
}

/** FP16 pattern of the float32 value of x (RNE; overflow → ±Inf; NaN → 0x7E00). */
export function f32ToF16Bits(x: number): number {
  const u = f32Bits(x);
  const sign = (u >>> 16) & 0x8000;
  const a = u & 0x7fffffff;
  if (a > 0x7f800000) return 0x7e00;
  // 65520 = max finite 65504 + half an ULP: from there on (a tie goes to the even Inf) → Inf.
  if (a >= 0x477ff000) return sign | 0x7c00;
  if (a < 0x38800000) {
    // Below FP16's smallest normal 2⁻¹⁴: count units of 2⁻²⁴ (the subnormal step).
    if (a <= 0x33000000) return sign; // ≤ 2⁻²⁵ = half the smallest subnormal (a tie → even 0)
    const exponent = a >>> 23;
    const significand = (a & 0x7fffff) | 0x800000;
    const shift = 126 - exponent; // value = significand × 2^(exponent − 150) = units × 2⁻²⁴
    return sign | roundShift(significand, shift);
  }
  // Normal: rebias the exponent (127 → 15) and drop 13 mantissa bits; a carry out of the
  // mantissa correctly bumps the exponent.
  return sign | roundShift(a - 0x38000000, 13);
}

/** value >> shift, rounded to nearest, ties to even (shift between 1 and 31). */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return remainder > half || (remainder === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/** The exact value of an FP16 pattern (every FP16 value is a float32). */
export function f16BitsToF32(bits: number): number {
  // Decoding every fp16 weight of a model is hot (fp16, LLM.int8 and their error metrics), and
  // a table lookup (filled once from the formula below) beats two branches and a power per value.
  return (f16Table ??= buildF16Table())[bits & 0xffff]!;
}

let f16Table: Float32Array | undefined;

function buildF16Table(): Float32Array {
  const table = new Float32Array(0x10000);
  for (let bits = 0; bits < 0x10000; bits++) table[bits] = f16BitsToF32ByFormula(bits);
  return table;
}

function f16BitsToF32ByFormula(bits: number): number {
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/** BF16 pattern of a float32 pattern: keep the top 16 bits, rounded to nearest even; NaN → 0x7FC0. */
export function bf16FromF32Bits(u32: number): number {
  const u = u32 >>> 0;
  if ((u & 0x7fffffff) > 0x7f800000) return 0x7fc0;
  return Math.floor((u + 0x7fff + ((u >>> 16) & 1)) / 0x10000) & 0xffff;
}

/** BF16 pattern of the float32 value of x. */
export function f32ToBf16Bits(x: number): number {
  return bf16FromF32Bits(f32Bits(x));
}

/** The exact value of a BF16 pattern: it is the float32 with the same top 16 bits. */
export function bf16BitsToF32(bits: number): number {
  return f32FromBits((bits & 0xffff) * 0x10000);
}
