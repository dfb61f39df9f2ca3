// int8-quantize: 8-bit weight codes from per-row (LLM.int8) or per-column (ONNX per-channel)
// scales computed by the host from absmax (see src/core/kernels/int8.ts for the rules).
// Needs lib/f32.wgsl.
// Bindings: 0 uniform Params { n, in_f, out_f, transposed }
//           1 src: array<vec4u> float32 bits, read (a multiple of 16 bytes)
//           2 scale: array<f32>, read: MODE 0: 127/SCB per output row; MODE 1: scale per column
//           3 codes: array<u32>, write: int8 codes, element 4w+j in byte j of word w
// MODE 0 (LLM.int8): output is [out, in]; element (o, i) is src[o·in + i], or src[i·out + o]
//   when transposed = 1 (an [in, out] initializer); the value is first rounded to FP16;
//   q = round_half_even(w16 · scale[o]).
// MODE 1 (per-channel, axis 1 of [in, out]): q = round_half_even(x / scale[f % out_f]) with a
//   correctly rounded quotient. Both clamp to [−127, 127]; NaN → 0.
// Entry points:
//   main:   one invocation per output word (4 codes); row/column indices advance incrementally
//           (no division per element);
//   rows16: MODE 0, transposed = 0, in_f a multiple of 16: one invocation per 16 codes of one
//           row (four 16-byte loads, one scale, vec4 math, no branch per element; SwiftShader
//           pays for every branch and every invocation);
//   cols16: MODE 1, out_f a multiple of 16: one invocation per 16 codes of one row (16-byte
//           loads, vec4 math; one branch per 4 codes for the rare div_f fallback).
override WG: u32 = 256u;
override MODE: u32 = 0u;

struct Params { n: u32, in_f: u32, out_f: u32, transposed: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec4u>;
@group(0) @binding(2) var<storage, read> scale: array<f32>;
@group(0) @binding(3) var<storage, read_write> codes: array<u32>;

fn word_at(i: u32) -> u32 {
  return src[i / 4u][i % 4u];
}

// The FP16 value nearest a float32 (RNE), as float32: f16_to_f32(f32_bits_to_f16(u)) of
// lib/half.wgsl without branches. Normal FP16 range: round the low 13 mantissa bits away (a
// carry moves into the exponent correctly); FP16 subnormals: multiples of 2^-24 (x · 2^24 is
// exact, WGSL round is half-to-even); |x| ≥ 65520 → ±Inf; NaN stays NaN (its code is 0).
fn round_to_f16(u: u32) -> f32 {
  let a = u & ABS_MASK;
  let normal = bitcast<f32>((u + 0xfffu + ((u >> 13u) & 1u)) & 0xffffe000u);
  let x = bitcast<f32>(u);
  let small = round(x * 0x1p24f) * 0x1p-24f;
  var v = select(normal, small, a < 0x38800000u);
  v = select(v, bitcast<f32>((u & SIGN_BIT) | EXP_MASK), a >= 0x477ff000u);
  return select(v, x, a > EXP_MASK);
}

// round_half_even, clamped to [−127, 127], NaN → 0, as a byte. Only the code matters, so a
// product need not be flushed first: a subnormal rounds to 0 either way.
fn int8_code(v: f32) -> u32 {
  let r = round(v);
  let c = select(clamp(r, -127.0, 127.0), 0.0, is_nan(r));
  return u32(i32(c)) & 0xffu;
}

// round_half_even(x / s) with x / s correctly rounded (div_f), computed as x · (1/s) with an
// approximate reciprocal and checked: |x·rcp − x/s| ≤ 3 ULP (WGSL's 1/s is within 2.5 ULP for
// |s| in [2^-126, 2^126]), which is below 2^-13 while |x·rcp| < 256, and the correctly rounded
// quotient lies within 2^-17 of the exact one; so unless x·rcp is within 2^-10 of a half-integer
// both round to the same integer (and beyond 256 both clamp to ±127). The rare close case,
// and any scale outside that range (rcp_ok = false), takes div_f.
fn per_channel_code(bits: u32, s: f32, rcp: f32, rcp_ok: bool) -> u32 {
  let y = ftz(bitcast<f32>(bits)) * rcp;
  let near_half = abs(y - floor(y) - 0.5) <= 0x1p-10f && abs(y) < 256.0;
  if (near_half || !rcp_ok) { return int8_code(div_f(bitcast<f32>(bits), s)); }
  return int8_code(y);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = gid.x + gid.y * nwg.x * WG;
  let f0 = w * 4u;
  if (f0 >= params.n) { return; }
  let count = min(4u, params.n - f0);
  var word = 0u;
  if (MODE == 0u) {
    var o = f0 / params.in_f;
    var i = f0 - o * params.in_f;
    for (var j = 0u; j < count; j = j + 1u) {
      let idx = select(f0 + j, i * params.out_f + o, params.transposed == 1u);
      word = word | (int8_code(round_to_f16(word_at(idx)) * scale[o]) << (8u * j));
      i = i + 1u;
      if (i == params.in_f) { i = 0u; o = o + 1u; }
    }
  } else {
    var c = f0 % params.out_f;
    for (var j = 0u; j < count; j = j + 1u) {
      let s = scale[c];
      let rcp_ok = abs(s) >= 0x1p-126f && abs(s) <= 0x1p126f;
      word = word | (per_channel_code(word_at(f0 + j), s, 1.0 / s, rcp_ok) << (8u * j));
      c = c + 1u;
      if (c == params.out_f) { c = 0u; }
    }
  }
  codes[w] = word;
}

// round_to_f16 on four lanes (the same selects).
fn round_to_f16_4(u: vec4u) -> vec4f {
  let a = u & vec4u(ABS_MASK);
  let normal = bitcast<vec4f>((u + vec4u(0xfffu) + ((u >> vec4u(13u)) & vec4u(1u))) & vec4u(0xffffe000u));
  let x = bitcast<vec4f>(u);
  let small = round(x * 0x1p24f) * 0x1p-24f;
  var v = select(normal, small, a < vec4u(0x38800000u));
  v = select(v, bitcast<vec4f>((u & vec4u(SIGN_BIT)) | vec4u(EXP_MASK)), a >= vec4u(0x477ff000u));
  return select(v, x, a > vec4u(EXP_MASK));
}

// int8_code on four lanes, packed into a word (lane j in byte j): the clamped integer c becomes
// its two's-complement byte through the exact sum c + 1.5 · 2^23 (whose low byte is c mod 256),
// not a float → int conversion (slow on SwiftShader).
fn int8_word4(v: vec4f) -> u32 {
  let r = round(v);
  let c = select(clamp(r, vec4f(-127.0), vec4f(127.0)), vec4f(0.0), (bitcast<vec4u>(r) & vec4u(ABS_MASK)) > vec4u(EXP_MASK));
  let b = (bitcast<vec4u>(c + vec4f(0x1.8p23f))) & vec4u(0xffu);
  return b.x | (b.y << 8u) | (b.z << 16u) | (b.w << 24u);
}

@compute @workgroup_size(WG)
fn rows16(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * WG;
  let f0 = t * 16u;
  if (f0 >= params.n) { return; }
  let s = scale[f0 / params.in_f];
  let q = t * 4u;
  codes[q] = int8_word4(round_to_f16_4(src[q]) * s);
  codes[q + 1u] = int8_word4(round_to_f16_4(src[q + 1u]) * s);
  codes[q + 2u] = int8_word4(round_to_f16_4(src[q + 2u]) * s);
  codes[q + 3u] = int8_word4(round_to_f16_4(src[q + 3u]) * s);
}

// per_channel_code on four lanes: the vec4 estimate, and div_f only where a lane needs it.
fn per_channel_word4(bits: vec4u, s: vec4f) -> u32 {
  let rcp = vec4f(1.0) / s;
  let rcp_ok = (abs(s) >= vec4f(0x1p-126f)) & (abs(s) <= vec4f(0x1p126f));
  let xb = bitcast<vec4f>(bits);
  let x = select(xb, bitcast<vec4f>(bits & vec4u(SIGN_BIT)), (bits & vec4u(EXP_MASK)) == vec4u(0u));
  var y = x * rcp;
  let near_half = (abs(y - floor(y) - vec4f(0.5)) <= vec4f(0x1p-10f)) & (abs(y) < vec4f(256.0));
  if (any(near_half | !rcp_ok)) {
    y = vec4f(div_f(xb.x, s.x), div_f(xb.y, s.y), div_f(xb.z, s.z), div_f(xb.w, s.w));
    y = select(x * rcp, y, near_half | !rcp_ok);
  }
  return int8_word4(y);
}

@compute @workgroup_size(WG)
fn cols16(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * WG;
  let f0 = t * 16u;
  if (f0 >= params.n) { return; }
  let c = f0 % params.out_f;
  let q = t * 4u;
  for (var j = 0u; j < 4u; j = j + 1u) {
    let s = vec4f(scale[c + 4u * j], scale[c + 4u * j + 1u], scale[c + 4u * j + 2u], scale[c + 4u * j + 3u]);
    codes[q + j] = per_channel_word4(src[q + j], s);
  }
}
