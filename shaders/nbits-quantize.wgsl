// nbits-quantize: 4-bit blockwise integer quantization into com.microsoft.MatMulNBits,
// onnxruntime's MLAS rules (src/core/kernels/nbits.ts has the full list). Needs lib/f32.wgsl.
// Bindings: 0 uniform Params { K, N, nb, stride_k, stride_n, symmetric }
//           1 src: array<vec4u> float32 bits of W; element (k, n) at k·stride_k + n·stride_n
//             ([K, N] initializer: stride_k = N, stride_n = 1); a multiple of 16 bytes
//           2 data: array<u32>, write: B [N, nb, BLOCK_SIZE/2] bytes, element 2j in the LOW nibble
//           3 scales: array<f32>, write: [N, nb]
//           4 zero_points: array<atomic<u32>>, cleared by the host, OR-ed: [N, ceil(nb/2)] bytes,
//             even block in the low nibble (asymmetric only; a 4-byte dummy otherwise)
// Entry points:
//   main:     one invocation per (n, block); n varies fastest so neighbours read neighbouring
//             columns. Element addresses advance by stride_k (no index arithmetic per element).
//   columns4: a [K, N] initializer with N a multiple of 4 (stride_n = 1): one invocation per
//             (4 neighbouring columns, block), 16-byte loads and vec4 math (on SwiftShader the
//             per-invocation and per-load costs dominate; ~2× faster than main).
override WG: u32 = 64u;
override BLOCK_SIZE: u32 = 32u;

struct Params { K: u32, N: u32, nb: u32, stride_k: u32, stride_n: u32, symmetric: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec4u>;
@group(0) @binding(2) var<storage, read_write> data: array<u32>;
@group(0) @binding(3) var<storage, read_write> scales: array<f32>;
@group(0) @binding(4) var<storage, read_write> zero_points: array<atomic<u32>>;

const FLT_MAX: f32 = 0x1.fffffep+127f;

fn word_at(i: u32) -> u32 {
  return src[i / 4u][i % 4u];
}

// The code of one value: clamp(roundf(v · rcp + zp), 0, 15), NaN → 0, equal to
// round_half_away(add_f(mul_f(ftz(v), rcp), zp)) of the CPU reference without its flushes:
// a subnormal product added to zp ≥ 0 rounds to the same integer either way. For x ≥ 0,
// roundf(x) = trunc(x) + (x − trunc(x) ≥ 0.5); a negative x (or −Inf) gives ≤ 0 → code 0, +Inf
// gives 15, and `x > 0` is false for NaN.
fn code(v: f32, rcp: f32, zp: f32) -> u32 {
  let x = ftz(v) * rcp + zp;
  let t = trunc(x);
  let r = t + select(0.0, 1.0, x - t >= 0.5);
  return u32(select(0.0, min(r, 15.0), r > 0.0));
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * WG;
  if (t >= params.N * params.nb) { return; }
  let n = t % params.N;
  let b = t / params.N;
  let k0 = b * BLOCK_SIZE;
  let k1 = min(k0 + BLOCK_SIZE, params.K);

  let first = k0 * params.stride_k + n * params.stride_n;
  var mn = FLT_MAX;
  var mx = -FLT_MAX;
  var idx = first;
  for (var k = k0; k < k1; k = k + 1u) {
    let v = ftz(bitcast<f32>(word_at(idx)));
    mn = select(mn, v, v < mn); // not min(): NaN must never win
    mx = select(mx, v, v > mx);
    idx = idx + params.stride_k;
  }

  let rz = block_scale(mn, mx, n, b);
  let rcp = rz.x;
  let zp = rz.y;

  let words = BLOCK_SIZE / 8u;
  let base = (n * params.nb + b) * words;
  idx = first;
  if (k1 == k0 + BLOCK_SIZE) {
    for (var w = 0u; w < words; w = w + 1u) {
      var word = 0u;
      for (var j = 0u; j < 32u; j = j + 4u) {
        word = word | (code(bitcast<f32>(word_at(idx)), rcp, zp) << j);
        idx = idx + params.stride_k;
      }
      data[base + w] = word;
    }
    return;
  }
  // A partial last block: the missing nibbles stay 0.
  for (var w = 0u; w < words; w = w + 1u) {
    var word = 0u;
    for (var j = 0u; j < 8u; j = j + 1u) {
      if (k0 + w * 8u + j < k1) {
        word = word | (code(bitcast<f32>(word_at(idx)), rcp, zp) << (4u * j));
        idx = idx + params.stride_k;
      }
    }
    data[base + w] = word;
  }
}

// Scale (written), zero point (OR-ed in when asymmetric) and 1/scale of block b of column n
// from its flushed minimum and maximum; returns (rcp, zp).
fn block_scale(mn: f32, mx: f32, n: u32, b: u32) -> vec2f {
  var scale: f32;
  var zp = 8.0;
  if (params.symmetric == 1u) {
    scale = div_f(-select(mn, mx, abs(mx) > abs(mn)), 8.0);
  } else {
    let lo = select(mn, 0.0, 0.0 < mn); // std::min(min, 0.0f)
    let hi = select(mx, 0.0, mx < 0.0); // std::max(max, 0.0f)
    scale = div_f(sub_f(hi, lo), 15.0);
    var zp_fp = lo;
    if (scale != 0.0) { zp_fp = sub_f(0.0, div_f(lo, scale)); }
    if (zp_fp < 0.0) { zp = 0.0; } else if (zp_fp > 15.0) { zp = 15.0; } else { zp = round_half_away(zp_fp); }
    let byte_index = n * ((params.nb + 1u) / 2u) + b / 2u;
    let shift = (byte_index % 4u) * 8u + select(0u, 4u, (b & 1u) == 1u);
    atomicOr(&zero_points[byte_index / 4u], u32(zp) << shift);
  }
  scales[n * params.nb + b] = scale;
  var rcp = 0.0;
  if (scale != 0.0) { rcp = div_f(1.0, scale); }
  return vec2f(rcp, zp);
}

fn ftz4(x: vec4f) -> vec4f {
  let b = bitcast<vec4u>(x);
  return select(x, bitcast<vec4f>(b & vec4u(SIGN_BIT)), (b & vec4u(EXP_MASK)) == vec4u(0u));
}

// code() on four lanes: clamping x to [0, 15] first (NaN and x ≤ 0 → 0) gives the same integer,
// and the integer-valued r ≤ 15 becomes u32 by an exact addition of 2^23 (a float → u32
// conversion is slow on SwiftShader).
fn code4(bits: vec4u, rcp: vec4f, zp: vec4f) -> vec4u {
  let x = ftz4(bitcast<vec4f>(bits)) * rcp + zp;
  let y = select(vec4f(0.0), min(x, vec4f(15.0)), x > vec4f(0.0));
  let t = trunc(y);
  let r = t + select(vec4f(0.0), vec4f(1.0), y - t >= vec4f(0.5));
  return bitcast<vec4u>(r + vec4f(0x1p23f)) - vec4u(0x4b000000u);
}

@compute @workgroup_size(WG)
fn columns4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * WG;
  let step = params.N / 4u; // 16-byte words per k
  let nb = params.nb;
  if (t >= step * nb) { return; }
  let n = (t % step) * 4u;
  let b = t / step;
  let k0 = b * BLOCK_SIZE;
  let k1 = min(k0 + BLOCK_SIZE, params.K);
  let first = k0 * step + n / 4u;
  var mn = vec4f(FLT_MAX);
  var mx = vec4f(-FLT_MAX);
  var q = first;
  for (var k = k0; k < k1; k = k + 1u) {
    let v = ftz4(bitcast<vec4f>(src[q]));
    mn = select(mn, v, v < mn); // not min(): NaN must never win
    mx = select(mx, v, v > mx);
    q = q + step;
  }
  let r0 = block_scale(mn.x, mx.x, n, b);
  let r1 = block_scale(mn.y, mx.y, n + 1u, b);
  let r2 = block_scale(mn.z, mx.z, n + 2u, b);
  let r3 = block_scale(mn.w, mx.w, n + 3u, b);
  let rcp = vec4f(r0.x, r1.x, r2.x, r3.x);
  let zp = vec4f(r0.y, r1.y, r2.y, r3.y);
  let words = BLOCK_SIZE / 8u;
  let col_words = nb * words; // data words per column
  let base = (n * nb + b) * words;
  q = first;
  // Nibbles enter at the top and move down: element 8w + j ends in bits 4j..4j+3 with constant
  // shifts only (a shift by a loop counter is a per-lane shift on SwiftShader).
  if (k1 == k0 + BLOCK_SIZE) {
    for (var w = 0u; w < words; w = w + 1u) {
      var word = vec4u(0u);
      for (var j = 0u; j < 8u; j = j + 1u) {
        word = (word >> vec4u(4u)) | (code4(src[q], rcp, zp) << vec4u(28u));
        q = q + step;
      }
      store4(base + w, col_words, word);
    }
    return;
  }
  // A partial last block: elements past K give nibble 0.
  var k = k0;
  for (var w = 0u; w < words; w = w + 1u) {
    var word = vec4u(0u);
    for (var j = 0u; j < 8u; j = j + 1u) {
      var c = vec4u(0u);
      if (k < k1) { c = code4(src[q], rcp, zp); }
      word = (word >> vec4u(4u)) | (c << vec4u(28u));
      q = q + step;
      k = k + 1u;
    }
    store4(base + w, col_words, word);
  }
}

fn store4(i: u32, col_words: u32, word: vec4u) {
  data[i] = word.x;
  data[i + col_words] = word.y;
  data[i + 2u * col_words] = word.z;
  data[i + 3u * col_words] = word.w;
}
