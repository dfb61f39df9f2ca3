// bnb4-dequantize: x̂ = float32(codebook[code] · absmax[block]) from the MatMulBnb4 layout.
// Needs lib/f32.wgsl, lib/half.wgsl and the tables NF4_CODEBOOK / FP4_CODEBOOK.
// Bindings: 0 uniform Params { n }
//           1 packed: array<u32>, read (high nibble = even element)
//           2 absmax: array<f32>, read, one per BLOCK_SIZE elements
//           3 out: array<vec4u>, write: float32 bits (OUT_F16 = 0) or FP16 pairs, element 2k in
//             the low half of word k (OUT_F16 = 1). The buffer is padded to 8 elements: the
//             elements past n in the last group of 8 decode the packed padding.
// Work: ONE INVOCATION PER BLOCK (BLOCK_SIZE is a multiple of 8). Only 16 values exist per
//   block: the invocation computes codebook[c] · absmax (and its FP16 pattern) once per code
//   into a private table, then each element is a table read, stored 16 bytes at a time. On
//   SwiftShader this replaced a 15-select codebook lookup and a flushed product per element.
override WG: u32 = 64u;
override BLOCK_SIZE: u32 = 64u;
override NF4: u32 = 1u;
override OUT_F16: u32 = 0u;

struct Params { n: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> packed: array<u32>;
@group(0) @binding(2) var<storage, read> absmax: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<vec4u>;

fn table(code: u32) -> f32 {
  if (NF4 == 1u) { return NF4_CODEBOOK(code); }
  return FP4_CODEBOOK(code);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let block = gid.x + gid.y * nwg.x * WG;
  let first = block * BLOCK_SIZE;
  let n = params.n;
  if (first >= n) { return; }
  let amax = absmax[block];
  var lut: array<u32, 16>;
  for (var c = 0u; c < 16u; c = c + 1u) {
    let v = bitcast<u32>(mul_f(table(c), amax));
    if (OUT_F16 == 1u) { lut[c] = f32_bits_to_f16(v); } else { lut[c] = v; }
  }
  // Packed words of this block that hold elements below n (the last one may be partial: its
  // elements past n decode whatever the padding holds, inside the padded output).
  let w0 = first / 8u;
  let w1 = min(first + BLOCK_SIZE, n + 7u) / 8u;
  for (var w = w0; w < w1; w = w + 1u) {
    let word = packed[w];
    // Element 2k: the high nibble of byte k; 2k + 1: the low nibble.
    if (OUT_F16 == 1u) {
      out[w] = vec4u(lut[(word >> 4u) & 15u] | (lut[word & 15u] << 16u),
                     lut[(word >> 12u) & 15u] | (lut[(word >> 8u) & 15u] << 16u),
                     lut[(word >> 20u) & 15u] | (lut[(word >> 16u) & 15u] << 16u),
                     lut[word >> 28u] | (lut[(word >> 24u) & 15u] << 16u));
    } else {
      out[2u * w] = vec4u(lut[(word >> 4u) & 15u], lut[word & 15u], lut[(word >> 12u) & 15u], lut[(word >> 8u) & 15u]);
      out[2u * w + 1u] = vec4u(lut[(word >> 20u) & 15u], lut[(word >> 16u) & 15u], lut[word >> 28u], lut[(word >> 24u) & 15u]);
    }
  }
}
