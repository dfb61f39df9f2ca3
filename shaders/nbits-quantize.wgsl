// nbits-quantize: 4-bit blockwise integer quantization into com.microsoft.MatMulNBits,
// onnxruntime's MLAS rules (src/core/kernels/nbits.ts has the full list). Needs lib/f32.wgsl.
// Bindings: 0 uniform Params { K, N, nb, stride_k, stride_n, symmetric }
//           1 src: array<u32> float32 bits of W; element (k, n) at k·stride_k + n·stride_n
//             ([K, N] initializer: stride_k = N, stride_n = 1)
//           2 data: array<u32>, write: B [N, nb, BLOCK_SIZE/2] bytes, element 2j in the LOW nibble
//           3 scales: array<f32>, write: [N, nb]
//           4 zero_points: array<atomic<u32>>, cleared by the host, OR-ed: [N, ceil(nb/2)] bytes,
//             even block in the low nibble (asymmetric only; a 4-byte dummy otherwise)
// Work: one invocation per (n, block); n varies fastest so neighbours read neighbouring columns.
//   Element addresses advance by stride_k (no index arithmetic per element).
override WG: u32 = 64u;
override BLOCK_SIZE: u32 = 32u;

struct Params { K: u32, N: u32, nb: u32, stride_k: u32, stride_n: u32, symmetric: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> data: array<u32>;
@group(0) @binding(3) var<storage, read_write> scales: array<f32>;
@group(0) @binding(4) var<storage, read_write> zero_points: array<atomic<u32>>;

const FLT_MAX: f32 = 0x1.fffffep+127f;

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
    let v = ftz(bitcast<f32>(src[idx]));
    mn = select(mn, v, v < mn); // not min(): NaN must never win
    mx = select(mx, v, v > mx);
    idx = idx + params.stride_k;
  }

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

  let words = BLOCK_SIZE / 8u;
  let base = (n * params.nb + b) * words;
  idx = first;
  if (k1 == k0 + BLOCK_SIZE) {
    for (var w = 0u; w < words; w = w + 1u) {
      var word = 0u;
      for (var j = 0u; j < 32u; j = j + 4u) {
        word = word | (code(bitcast<f32>(src[idx]), rcp, zp) << j);
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
        word = word | (code(bitcast<f32>(src[idx]), rcp, zp) << (4u * j));
        idx = idx + params.stride_k;
      }
    }
    data[base + w] = word;
  }
}
