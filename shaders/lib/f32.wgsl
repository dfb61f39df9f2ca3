// Shared float32 helpers, prepended to kernels by the host (src/gpu/shader-source.ts).
// No bindings. Why they exist (see src/core/kernels/float32.ts, the CPU mirror):
//  * WGSL may flush subnormals and SwiftShader does, so arithmetic kernels flush explicitly
//    (ftz / mul_f / div_f) and agree on every platform;
//  * WGSL `/` is not correctly rounded: div_f corrects its guess with exact integer remainders;
//  * WGSL `round` is half-to-even; C's roundf (ORT) is half away from zero.

const SIGN_BIT: u32 = 0x80000000u;
const ABS_MASK: u32 = 0x7fffffffu;
const EXP_MASK: u32 = 0x7f800000u;
const QNAN_BITS: u32 = 0x7fc00000u;

// A runtime NaN (a const bitcast to NaN is a WGSL compile error).
fn qnan() -> f32 {
  var bits = QNAN_BITS;
  return bitcast<f32>(bits);
}

fn ftz(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  return select(x, bitcast<f32>(b & SIGN_BIT), (b & EXP_MASK) == 0u);
}

fn is_nan(x: f32) -> bool {
  return (bitcast<u32>(x) & ABS_MASK) > EXP_MASK;
}

// |x| as u32 with NaN and subnormals → 0: the absmax key (u32 order = numeric order).
fn abs_key(bits: u32) -> u32 {
  let a = bits & ABS_MASK;
  return select(a, 0u, a > EXP_MASK || a < 0x00800000u);
}

// Branch-free (SwiftShader pays heavily for every branch, taken or not: each `if` in these
// helpers cost more than their arithmetic): special cases are computed and then selected.

// Flushed float32 product; a zero gets sign(a) xor sign(b); NaN is canonical.
fn mul_f(a: f32, b: f32) -> f32 {
  let fa = ftz(a);
  let fb = ftz(b);
  let sign = (bitcast<u32>(fa) ^ bitcast<u32>(fb)) & SIGN_BIT;
  let m = bitcast<u32>(abs(fa) * abs(fb)) & ABS_MASK;
  let r = select(sign | m, sign, (m & EXP_MASK) == 0u);
  return bitcast<f32>(select(r, QNAN_BITS, m > EXP_MASK));
}

fn add_f(a: f32, b: f32) -> f32 {
  let r = ftz(ftz(a) + ftz(b));
  return bitcast<f32>(select(bitcast<u32>(r), QNAN_BITS, is_nan(r)));
}

fn sub_f(a: f32, b: f32) -> f32 {
  return add_f(a, -b);
}

// Correctly rounded (ties to even) float32 quotient of flushed inputs, result flushed.
fn div_f(a_in: f32, b_in: f32) -> f32 {
  let ba = bitcast<u32>(ftz(a_in));
  let bb = bitcast<u32>(ftz(b_in));
  let sign = (ba ^ bb) & SIGN_BIT;
  let xa = ba & ABS_MASK;
  let xb = bb & ABS_MASK;
  let ma = (xa & 0x7fffffu) | 0x800000u;
  let mb = (xb & 0x7fffffu) | 0x800000u;
  let shifted = ma < mb;
  let r = select(ma, ma << 1u, shifted);
  let e = i32(xa >> 23u) - i32(xb >> 23u) + select(127, 126, shifted);
  // 24 quotient bits q = floor(r · 2^23 / mb), guessed with the hardware division and made
  // exact with integer remainders (instead of a 24-step long division). WGSL's `/` is within
  // 2.5 ULP, and the guess lies in [2^23, 2^24) where an ULP is 1, so its floor is within −3..+2
  // of q. The remainder r · 2^23 − guess · mb is then within (−3·mb, 4·mb) ⊂ i32: the wrapping
  // u32 products give it exactly. Steps of ±mb fix q (unrolled: loops are branches).
  var q = u32(f32(r) / f32(mb) * 0x1p23f);
  var rem = i32((r << 23u) - q * mb);
  let d = i32(mb);
  q = select(q, q - 1u, rem < 0); rem = select(rem, rem + d, rem < 0);
  q = select(q, q - 1u, rem < 0); rem = select(rem, rem + d, rem < 0);
  q = select(q, q - 1u, rem < 0); rem = select(rem, rem + d, rem < 0);
  q = select(q, q + 1u, rem >= d); rem = select(rem, rem - d, rem >= d);
  q = select(q, q + 1u, rem >= d); rem = select(rem, rem - d, rem >= d);
  q = select(q, q + 1u, rem >= d); rem = select(rem, rem - d, rem >= d);
  let r2 = u32(rem) << 1u; // twice the remainder, against mb
  // Normal range: round to nearest even; a carry out of 24 bits leaves mantissa 0 and bumps e.
  let qr = q + select(0u, 1u, r2 > mb || (r2 == mb && (q & 1u) == 1u));
  let en = e + select(0, 1, qr == 0x1000000u);
  let normal = select(sign | (u32(max(en, 1)) << 23u) | (qr & 0x7fffffu), sign | EXP_MASK, en >= 255);
  // Below the normal range the result flushes to ±0, except when rounding onto the subnormal
  // grid carries into the smallest normal: only e = 0 with q = 2^24 − 1 (kept = 2^23 − 1 is odd
  // and the dropped bit is a half or more).
  let tiny = sign | select(0u, 0x800000u, e == 0 && q == 0xffffffu);
  var bits = select(tiny, normal, e >= 1);
  // Zeros, infinities and NaN.
  bits = select(bits, sign, xb == EXP_MASK || xa == 0u);
  bits = select(bits, sign | EXP_MASK, xa == EXP_MASK || xb == 0u);
  bits = select(bits, QNAN_BITS, xa > EXP_MASK || xb > EXP_MASK || (xa == EXP_MASK && xb == EXP_MASK) || (xa == 0u && xb == 0u));
  return bitcast<f32>(bits);
}

// C's roundf: half away from zero (x − trunc(x) is exact).
fn round_half_away(x: f32) -> f32 {
  let t = trunc(x);
  return select(t, t + sign(x), abs(x - t) >= 0.5);
}
