// copy: the bandwidth yardstick. out[i] = src[i], 16 bytes per invocation.
// Bindings: 0 uniform Params { count: u32 (vec4 words) }, 1 src array<vec4u> (read),
//           2 out array<vec4u> (write).
// Dispatch: ceil(count / WG) workgroups, 2-D (wid.x + wid.y · nwg.x).
override WG: u32 = 256u;

struct Params { count: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec4u>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec4u>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i < params.count) { dst[i] = src[i]; }
}

// main_wide: the same copy with 16 consecutive 16-byte words (256 B) per invocation. On
// SwiftShader the cost of an invocation, not of its loads, bounds `main`; the benchmark times
// both so the note can say how much faster a copy can go than the plain yardstick.
// Dispatch: ceil(count / (16 · WG)) workgroups.
@compute @workgroup_size(WG)
fn main_wide(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let first = (gid.x + gid.y * nwg.x * WG) * 16u;
  let last = min(first + 16u, params.count);
  for (var i = first; i < last; i = i + 1u) { dst[i] = src[i]; }
}
