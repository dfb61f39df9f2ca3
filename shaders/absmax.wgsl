// absmax: max |x| per group of elements; group g covers src[g·outer + i·inner], i < len,
// clipped at n. Flat blocks: outer = block, inner = 1; rows of [R, C]: outer = C, inner = 1,
// len = C; columns: outer = 1, inner = C, len = R.
// |x| is compared as a u32 bit pattern (NaN and subnormals count as 0; see lib/f32.wgsl).
// Needs lib/f32.wgsl.
// Bindings: 0 uniform Params { groups, len, outer, inner, n }
//           1 src: array<u32> float32 bits, read
//           2 out: array<f32>, write, one per group
// Entry points (the benchmark compares them):
//   per_workgroup: one workgroup of WG threads per group, strided loads + tree reduction;
//   per_thread:    one invocation per group, a serial loop.
override WG: u32 = 64u;

struct Params { groups: u32, len: u32, outer: u32, inner: u32, n: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

var<workgroup> red: array<u32, WG>;

fn key_at(g: u32, i: u32) -> u32 {
  let idx = g * params.outer + i * params.inner;
  if (idx >= params.n) { return 0u; }
  return abs_key(src[idx]);
}

@compute @workgroup_size(WG)
fn per_workgroup(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u,
                 @builtin(num_workgroups) nwg: vec3u) {
  let g = wid.x + wid.y * nwg.x;
  var key = 0u;
  if (g < params.groups) {
    for (var i = lid.x; i < params.len; i = i + WG) { key = max(key, key_at(g, i)); }
  }
  red[lid.x] = key;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid.x < s) { red[lid.x] = max(red[lid.x], red[lid.x + s]); }
    workgroupBarrier();
  }
  if (lid.x == 0u && g < params.groups) { out[g] = bitcast<f32>(red[0]); }
}

@compute @workgroup_size(WG)
fn per_thread(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let g = gid.x + gid.y * nwg.x * WG;
  if (g >= params.groups) { return; }
  // Elements g·outer + i·inner below n: count them once instead of testing every index.
  let base = g * params.outer;
  var count = 0u;
  if (base < params.n) { count = min(params.len, (params.n - base + params.inner - 1u) / params.inner); }
  var key = 0u;
  var idx = base;
  for (var i = 0u; i < count; i = i + 1u) {
    key = max(key, abs_key(src[idx]));
    idx = idx + params.inner;
  }
  out[g] = bitcast<f32>(key);
}
