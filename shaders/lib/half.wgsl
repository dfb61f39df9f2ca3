// float32 → FP16 / BF16 bit patterns with u32 operations only (no shader-f16 needed, and the
// rounding is ours, not the platform's): round to nearest even, subnormals, overflow → Inf,
// NaN → 0x7E00 / 0x7FC0. Mirrors src/core/formats/half.ts. No bindings.

fn round_shift_rne(v: u32, s: u32) -> u32 {
  let kept = v >> s;
  let rest = v & ((1u << s) - 1u);
  let half = 1u << (s - 1u);
  return select(kept, kept + 1u, rest > half || (rest == half && (kept & 1u) == 1u));
}

fn f32_bits_to_f16(u: u32) -> u32 {
  let sign = (u >> 16u) & 0x8000u;
  let a = u & 0x7fffffffu;
  if (a > 0x7f800000u) { return 0x7e00u; }
  if (a >= 0x477ff000u) { return sign | 0x7c00u; }
  if (a < 0x38800000u) {
    if (a <= 0x33000000u) { return sign; }
    let e = a >> 23u;
    return sign | round_shift_rne((a & 0x7fffffu) | 0x800000u, 126u - e);
  }
  return sign | round_shift_rne(a - 0x38000000u, 13u);
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
