// int8-dequantize: MODE 0 (LLM.int8, [out, in]): x̂ = float32(float32(q · SCB[o]) · inv127);
// MODE 1 (per-channel, [in, out]): x̂ = float32(q · scale[f % cols]). Needs lib/f32.wgsl, lib/half.wgsl.
// Bindings: 0 uniform Params { n, cols, inv127 }
//           1 codes: array<u32>, read (4 int8 per word, element 4w+j in byte j)
//           2 scale: array<f32>, read: SCB per row (MODE 0) or scale per column (MODE 1)
//           3 out: array<u32>, write: float32 bits, or FP16 pairs when OUT_F16 = 1
// Work: one invocation per code word (4 elements); the out buffer is padded to 4 elements.
override WG: u32 = 256u;
override MODE: u32 = 0u;
override OUT_F16: u32 = 0u;

struct Params { n: u32, cols: u32, inv127: f32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> codes: array<u32>;
@group(0) @binding(2) var<storage, read> scale: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<u32>;

fn value_bits(f: u32, q: i32) -> u32 {
  if (MODE == 0u) { return bitcast<u32>(mul_f(mul_f(f32(q), scale[f / params.cols]), params.inv127)); }
  return bitcast<u32>(mul_f(f32(q), scale[f % params.cols]));
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = gid.x + gid.y * nwg.x * WG;
  let f0 = w * 4u;
  if (f0 >= params.n) { return; }
  let word = codes[w];
  var v: array<u32, 4>;
  for (var j = 0u; j < 4u; j = j + 1u) {
    let q = (i32(word << (24u - 8u * j))) >> 24u; // sign-extend byte j
    v[j] = select(0u, value_bits(f0 + j, q), f0 + j < params.n);
  }
  if (OUT_F16 == 1u) {
    out[w * 2u] = f32_bits_to_f16(v[0]) | (f32_bits_to_f16(v[1]) << 16u);
    out[w * 2u + 1u] = f32_bits_to_f16(v[2]) | (f32_bits_to_f16(v[3]) << 16u);
  } else {
    for (var j = 0u; j < 4u; j = j + 1u) { out[f0 + j] = v[j]; }
  }
}
