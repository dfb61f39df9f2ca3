// nbits-dequantize: x̂ = float32((q − zp) · scale) from the MatMulNBits layout, written as a
// [K, N] (out_kn = 1) or [N, K] matrix. Needs lib/f32.wgsl and lib/half.wgsl.
// Bindings: 0 uniform Params { K, N, nb, out_kn, has_zp }
//           1 data: array<u32>, read (B bytes), 2 scales: array<f32>, read,
//           3 zero_points: array<u32>, read (a dummy when has_zp = 0; then zp = 8)
//           4 out: array<u32>, write: float32 bits, or FP16 pairs when OUT_F16 = 1
// Entry points:
//   main:      one invocation per two consecutive output elements (gather); any layout, FP16 too;
//   per_block: float32 output only (OUT_F16 = 0): one invocation per (n, block), n fastest (so
//              neighbouring invocations write neighbouring columns of a [K, N] output). Only 16
//              values exist per block: (c − zp) · scale for each code c goes to a private table
//              once, then each element is a table read. On SwiftShader this is ~5× faster than
//              main's index arithmetic and flushed product per element.
override WG: u32 = 256u;
override BLOCK_SIZE: u32 = 32u;
override OUT_F16: u32 = 0u;

struct Params { K: u32, N: u32, nb: u32, out_kn: u32, has_zp: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> data: array<u32>;
@group(0) @binding(2) var<storage, read> scales: array<f32>;
@group(0) @binding(3) var<storage, read> zero_points: array<u32>;
@group(0) @binding(4) var<storage, read_write> out: array<u32>;

fn byte_at_data(i: u32) -> u32 { return (data[i / 4u] >> ((i % 4u) * 8u)) & 0xffu; }
fn byte_at_zp(i: u32) -> u32 { return (zero_points[i / 4u] >> ((i % 4u) * 8u)) & 0xffu; }

fn value_bits(f: u32) -> u32 {
  var k: u32;
  var n: u32;
  if (params.out_kn == 1u) { k = f / params.N; n = f % params.N; } else { n = f / params.K; k = f % params.K; }
  let b = k / BLOCK_SIZE;
  let j = k % BLOCK_SIZE;
  let byte = byte_at_data((n * params.nb + b) * (BLOCK_SIZE / 2u) + j / 2u);
  let q = select(byte >> 4u, byte & 15u, (j & 1u) == 0u);
  var zp = 8u;
  if (params.has_zp == 1u) {
    let zb = byte_at_zp(n * ((params.nb + 1u) / 2u) + b / 2u);
    zp = select(zb >> 4u, zb & 15u, (b & 1u) == 0u);
  }
  return bitcast<u32>(mul_f(f32(i32(q) - i32(zp)), scales[n * params.nb + b]));
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let p = gid.x + gid.y * nwg.x * WG;
  let total = params.K * params.N;
  let f = p * 2u;
  if (f >= total) { return; }
  let a = value_bits(f);
  var c = 0u;
  if (f + 1u < total) { c = value_bits(f + 1u); }
  if (OUT_F16 == 1u) {
    out[p] = f32_bits_to_f16(a) | (f32_bits_to_f16(c) << 16u);
  } else {
    out[f] = a;
    if (f + 1u < total) { out[f + 1u] = c; }
  }
}

@compute @workgroup_size(WG)
fn per_block(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * WG;
  let N = params.N;
  let K = params.K;
  let nb = params.nb;
  if (t >= N * nb) { return; }
  let n = t % N;
  let b = t / N;
  var zp = 8;
  if (params.has_zp == 1u) {
    let zb = byte_at_zp(n * ((nb + 1u) / 2u) + b / 2u);
    zp = i32(select(zb >> 4u, zb & 15u, (b & 1u) == 0u));
  }
  let scale = scales[n * nb + b];
  var lut: array<u32, 16>;
  for (var c = 0; c < 16; c = c + 1) { lut[c] = bitcast<u32>(mul_f(f32(c - zp), scale)); }
  let k0 = b * BLOCK_SIZE;
  let k1 = min(k0 + BLOCK_SIZE, K);
  // Output index of (k, n) and its step per k.
  var idx = select(n * K + k0, k0 * N + n, params.out_kn == 1u);
  let step = select(1u, N, params.out_kn == 1u);
  let w0 = (n * nb + b) * (BLOCK_SIZE / 8u);
  if (k1 == k0 + BLOCK_SIZE) {
    // A whole block: constant shifts (a shift by a loop counter is a per-lane shift there).
    for (var w = w0; w < w0 + BLOCK_SIZE / 8u; w = w + 1u) {
      let word = data[w];
      out[idx] = lut[word & 15u];
      out[idx + step] = lut[(word >> 4u) & 15u];
      out[idx + 2u * step] = lut[(word >> 8u) & 15u];
      out[idx + 3u * step] = lut[(word >> 12u) & 15u];
      out[idx + 4u * step] = lut[(word >> 16u) & 15u];
      out[idx + 5u * step] = lut[(word >> 20u) & 15u];
      out[idx + 6u * step] = lut[(word >> 24u) & 15u];
      out[idx + 7u * step] = lut[word >> 28u];
      idx = idx + 8u * step;
    }
    return;
  }
  for (var k = k0; k < k1; k = k + 8u) {
    let word = data[w0 + (k - k0) / 8u];
    let count = min(8u, k1 - k);
    for (var j = 0u; j < count; j = j + 1u) {
      out[idx] = lut[(word >> (4u * j)) & 15u];
      idx = idx + step;
    }
  }
}
