// convert: float32 → FP16 or BF16 bit patterns (RNE, subnormals, overflow → Inf, canonical
// NaN) with u32 operations only. Needs lib/half.wgsl.
// Bindings: 0 uniform Params { n }
//           1 src: array<u32> float32 bits, read
//           2 out: array<u32>, write: element 2k in the low half, 2k+1 in the high half
// Override TARGET_BF16: 0 → FP16, 1 → BF16. One invocation per output word (2 elements).
override WG: u32 = 256u;
override TARGET_BF16: u32 = 0u;

struct Params { n: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;

fn convert(bits: u32) -> u32 {
  if (TARGET_BF16 == 1u) { return f32_bits_to_bf16(bits); }
  return f32_bits_to_f16(bits);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = gid.x + gid.y * nwg.x * WG;
  let e = w * 2u;
  if (e >= params.n) { return; }
  var hi = 0u;
  if (e + 1u < params.n) { hi = convert(src[e + 1u]); }
  out[w] = convert(src[e]) | (hi << 16u);
}
