// structured-sums: per-row or per-column Σ|w| (L2 = 0) or Σw² (L2 = 1), float32, sequential in
// index order per invocation (so the sums equal the CPU reference bit for bit). Group g covers
// src[g·outer + i·inner], i < len. Norms (sqrt) and head groups are finished on the host.
// Needs lib/f32.wgsl.
// Bindings: 0 uniform Params { groups, len, outer, inner }, 1 src: array<u32> read,
//           2 out: array<f32> write. One invocation per group.
override WG: u32 = 64u;
override L2: u32 = 0u;

struct Params { groups: u32, len: u32, outer: u32, inner: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let g = gid.x + gid.y * nwg.x * WG;
  if (g >= params.groups) { return; }
  var acc = 0.0;
  for (var i = 0u; i < params.len; i = i + 1u) {
    let v = ftz(bitcast<f32>(src[g * params.outer + i * params.inner]));
    if (L2 == 1u) { acc = add_f(acc, mul_f(v, v)); } else { acc = add_f(acc, abs(v)); }
  }
  out[g] = acc;
}
