// nbits-dequantize: x̂ = float32((q − zp) · scale) from the MatMulNBits layout, written as a
// [K, N] (out_kn = 1) or [N, K] matrix. Needs lib/f32.wgsl and lib/half.wgsl.
// Bindings: 0 uniform Params { K, N, nb, out_kn, has_zp }
//           1 data: array<u32>, read (B bytes), 2 scales: array<f32>, read,
//           3 zero_points: array<u32>, read (a dummy when has_zp = 0; then zp = 8)
//           4 out: array<u32>, write: float32 bits, or FP16 pairs when OUT_F16 = 1
// Work: one invocation per two consecutive output elements (gather).
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
