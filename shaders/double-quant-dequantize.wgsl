// double-quant-dequantize: absmax̂ = float32(DYNAMIC_MAP[code] · absmax2[i / 256]) + offset.
// Needs lib/f32.wgsl and the DYNAMIC_MAP table.
// Bindings: 0 uniform Params { n, offset }, 1 codes: array<u32> read (4 per word),
//           2 absmax2: array<f32> read, 3 out: array<f32> write (padded to 4 elements).
// One invocation per code word.
override WG: u32 = 256u;

struct Params { n: u32, offset: f32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> codes: array<u32>;
@group(0) @binding(2) var<storage, read> absmax2: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = gid.x + gid.y * nwg.x * WG;
  let e0 = w * 4u;
  if (e0 >= params.n) { return; }
  let word = codes[w];
  let a2 = absmax2[e0 / 256u];
  for (var j = 0u; j < 4u; j = j + 1u) {
    out[e0 + j] = add_f(mul_f(DYNAMIC_MAP((word >> (8u * j)) & 0xffu), a2), params.offset);
  }
}
