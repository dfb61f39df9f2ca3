// float32 → FP16 / BF16 bit patterns with u32 operations only (no shader-f16 needed, and the
// rounding is ours, not the platform's): round to nearest even, subnormals, overflow → Inf,
// NaN → 0x7E00 / 0x7FC0. Mirrors src/core/formats/half.ts. No bindings.

// Branch-free (SwiftShader runs a branch's both sides across its SIMD lanes anyway):
//  * normal FP16 range: round the low 13 bits away, ties to even; a carry moves into the
//    exponent, which is right (up to 0x7bff → 0x7c00 = Inf only from a ≥ 0x477ff000, handled);
//  * FP16 subnormals (a < 2^-14): |x| · 2^24 is exact and WGSL round() is half-to-even, so
//    round(|x| · 2^24) is the subnormal pattern (1024 = the smallest normal, on a carry);
//    a float32 subnormal gives 0 whether or not the platform flushes it;
//  * a ≥ 65520 → Inf; NaN → 0x7E00 (no sign, as src/core/formats/half.ts).
fn f32_bits_to_f16(u: u32) -> u32 {
  let sign = (u >> 16u) & 0x8000u;
  let a = u & 0x7fffffffu;
  let normal = (a - 0x38000000u + 0xfffu + ((a >> 13u) & 1u)) >> 13u;
  let sub = u32(round(bitcast<f32>(a) * 0x1p24f));
  var h = select(normal, sub, a < 0x38800000u);
  h = select(h, 0x7c00u, a >= 0x477ff000u);
  return select(sign | h, 0x7e00u, a > 0x7f800000u);
}

fn f32_bits_to_bf16(u: u32) -> u32 {
  if ((u & 0x7fffffffu) > 0x7f800000u) { return 0x7fc0u; }
  return (u + 0x7fffu + ((u >> 16u) & 1u)) >> 16u;
}

// The exact float32 value of an FP16 pattern, built from bits (no arithmetic on subnormals).
fn f16_to_f32(h: u32) -> f32 {
  let sign = (h & 0x8000u) << 16u;
  let e = (h >> 10u) & 0x1fu;
  let m = h & 0x3ffu;
  if (e == 0x1fu) { return bitcast<f32>(sign | 0x7f800000u | (m << 13u)); }
  if (e == 0u) {
    // m · 2^-24 is a normal float32: place m's leading bit by hand.
    if (m == 0u) { return bitcast<f32>(sign); }
    let lead = firstLeadingBit(m);
    let mant = (m << (23u - lead)) & 0x7fffffu;
    return bitcast<f32>(sign | ((lead + 103u) << 23u) | mant);
  }
  return bitcast<f32>(sign | ((e + 112u) << 23u) | (m << 13u));
}

// Four lanes at once, for kernels that load 16-byte words. The same results with fewer
// operations (per-element arithmetic is what costs on SwiftShader, which runs vec4 components
// one after another): max() keeps the normal-path subtraction from wrapping, min() caps
// overflow at Inf (0x7c00), and the subnormal integer round(|x| · 2^24) ≤ 1024 becomes u32
// bits by an exact addition of 2^23 (a float → u32 conversion is slow there). Only lanes of
// |x| < 2^-14 take the subnormal value (|x| is capped at 1 so its product stays finite).
fn f32x4_bits_to_f16(u: vec4u) -> vec4u {
  let a = u & vec4u(0x7fffffffu);
  let normal = (max(a, vec4u(0x38000000u)) - vec4u(0x38000000u - 0xfffu) + ((a >> vec4u(13u)) & vec4u(1u))) >> vec4u(13u);
  let sub = bitcast<vec4u>(round(min(bitcast<vec4f>(a), vec4f(1.0)) * 0x1p24f) + vec4f(0x1p23f)) - vec4u(0x4b000000u);
  let h = select(min(normal, vec4u(0x7c00u)), sub, a < vec4u(0x38800000u));
  return select(((u >> vec4u(16u)) & vec4u(0x8000u)) | h, vec4u(0x7e00u), a > vec4u(0x7f800000u));
}

fn f32x4_bits_to_bf16(u: vec4u) -> vec4u {
  let rounded = (u + vec4u(0x7fffu) + ((u >> vec4u(16u)) & vec4u(1u))) >> vec4u(16u);
  return select(rounded, vec4u(0x7fc0u), (u & vec4u(0x7fffffffu)) > vec4u(0x7f800000u));
}
