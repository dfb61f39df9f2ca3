// convert: float32 → FP16 or BF16 bit patterns (RNE, subnormals, overflow → Inf, canonical
// NaN) with u32 operations only. Needs lib/half.wgsl.
// Bindings: 0 uniform Params { n }
//           1 src: array<vec4u> float32 bits, read (the buffer is a multiple of 16 bytes)
//           2 out: array<vec4u>, write: element 2k in the low half of word k, 2k+1 in the high
//             half; halves at or past n are 0 (the buffer is a multiple of 16 bytes: the last
//             16-byte word is written whole)
// Override TARGET_BF16: 0 → FP16, 1 → BF16.
// Work: one invocation per 8 elements (two 16-byte loads, one 16-byte store, vec4 math): on
//   SwiftShader the per-invocation cost dominates a simple kernel (one invocation per 2
//   elements ran at 0.35× copy).
override WG: u32 = 64u;
override TARGET_BF16: u32 = 0u;

struct Params { n: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec4u>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4u>;

fn convert4(bits: vec4u) -> vec4u {
  if (TARGET_BF16 == 1u) { return f32x4_bits_to_bf16(bits); }
  return f32x4_bits_to_f16(bits);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = gid.x + gid.y * nwg.x * WG;
  let e0 = w * 8u;
  let n = params.n;
  if (e0 >= n) { return; }
  let a = convert4(src[2u * w]);
  let b = convert4(src[2u * w + 1u]);
  var words = vec4u(a.x | (a.y << 16u), a.z | (a.w << 16u), b.x | (b.y << 16u), b.z | (b.w << 16u));
  if (e0 + 8u > n) {
    // The tail: keep the halves of elements below n.
    let lo = vec4u(e0, e0 + 2u, e0 + 4u, e0 + 6u);
    let keep = select(vec4u(0u), vec4u(0xffffu), lo < vec4u(n)) | select(vec4u(0u), vec4u(0xffff0000u), lo + vec4u(1u) < vec4u(n));
    words = words & keep;
  }
  out[w] = words;
}
