// bnb4-dequantize: x̂ = float32(codebook[code] · absmax[block]) from the MatMulBnb4 layout.
// Needs lib/f32.wgsl, lib/half.wgsl and the tables NF4_CODEBOOK / FP4_CODEBOOK.
// Bindings: 0 uniform Params { n }
//           1 packed: array<u32>, read (high nibble = even element)
//           2 absmax: array<f32>, read, one per BLOCK_SIZE elements
//           3 out: array<u32>, write: float32 bits (OUT_F16 = 0) or FP16 pairs, element 2k in
//             the low half (OUT_F16 = 1). The buffer is padded to 8 elements.
// Work: one invocation per packed word = 8 elements (BLOCK_SIZE is a multiple of 8).
override WG: u32 = 256u;
override BLOCK_SIZE: u32 = 64u;
override NF4: u32 = 1u;
override OUT_F16: u32 = 0u;

struct Params { n: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> packed: array<u32>;
@group(0) @binding(2) var<storage, read> absmax: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<u32>;

fn table(code: u32) -> f32 {
  if (NF4 == 1u) { return NF4_CODEBOOK(code); }
  return FP4_CODEBOOK(code);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = gid.x + gid.y * nwg.x * WG;
  let e0 = w * 8u;
  if (e0 >= params.n) { return; }
  let amax = absmax[e0 / BLOCK_SIZE];
  let word = packed[w];
  var values: array<u32, 8>;
  for (var j = 0u; j < 8u; j = j + 1u) {
    let code = (word >> ((j / 2u) * 8u + select(0u, 4u, (j & 1u) == 0u))) & 15u;
    values[j] = bitcast<u32>(mul_f(table(code), amax));
  }
  if (OUT_F16 == 1u) {
    for (var j = 0u; j < 4u; j = j + 1u) {
      out[w * 4u + j] = f32_bits_to_f16(values[2u * j]) | (f32_bits_to_f16(values[2u * j + 1u]) << 16u);
    }
  } else {
    for (var j = 0u; j < 8u; j = j + 1u) { out[e0 + j] = values[j]; }
  }
}
