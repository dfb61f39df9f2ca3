// int8-quantize: 8-bit weight codes from per-row (LLM.int8) or per-column (ONNX per-channel)
// scales computed by the host from absmax (see src/core/kernels/int8.ts for the rules).
// Needs lib/f32.wgsl and lib/half.wgsl.
// Bindings: 0 uniform Params { n, in_f, out_f, transposed }
//           1 src: array<u32> float32 bits, read
//           2 scale: array<f32>, read: MODE 0: 127/SCB per output row; MODE 1: scale per column
//           3 codes: array<u32>, write: int8 codes, element 4w+j in byte j of word w
// MODE 0 (LLM.int8): output is [out, in]; element (o, i) is src[o·in + i], or src[i·out + o]
//   when transposed = 1 (an [in, out] initializer); the value is first rounded to FP16;
//   q = round_half_even(w16 · scale[o]).
// MODE 1 (per-channel, axis 1 of [in, out]): q = round_half_even(x / scale[f % out_f]) with a
//   correctly rounded quotient (div_f). Both clamp to [−127, 127]; NaN → 0.
// Work: one invocation per output word (4 codes).
override WG: u32 = 256u;
override MODE: u32 = 0u;

struct Params { n: u32, in_f: u32, out_f: u32, transposed: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read> scale: array<f32>;
@group(0) @binding(3) var<storage, read_write> codes: array<u32>;

fn code_at(f: u32) -> u32 {
  var v: f32;
  if (MODE == 0u) {
    let o = f / params.in_f;
    let i = f - o * params.in_f;
    var idx = f;
    if (params.transposed == 1u) { idx = i * params.out_f + o; }
    v = mul_f(f16_to_f32(f32_bits_to_f16(src[idx])), scale[o]);
  } else {
    v = div_f(bitcast<f32>(src[f]), scale[f % params.out_f]);
  }
  let r = round(v);
  if (is_nan(r)) { return 0u; }
  return u32(i32(clamp(r, -127.0, 127.0))) & 0xffu;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = gid.x + gid.y * nwg.x * WG;
  let f0 = w * 4u;
  if (f0 >= params.n) { return; }
  var word = 0u;
  for (var j = 0u; j < 4u; j = j + 1u) {
    if (f0 + j < params.n) { word = word | (code_at(f0 + j) << (8u * j)); }
  }
  codes[w] = word;
}
