// absmax: max |x| per group of elements; group g covers src[g·outer + i·inner], i < len,
// clipped at n. Flat blocks: outer = block, inner = 1; rows of [R, C]: outer = C, inner = 1,
// len = C; columns: outer = 1, inner = C, len = R.
// |x| is compared as a u32 bit pattern (NaN and subnormals count as 0; see lib/f32.wgsl).
// Needs lib/f32.wgsl.
// Bindings: 0 uniform Params { groups, len, outer, inner, n }
//           1 src: array<vec4u> float32 bits, read (the buffer is a multiple of 16 bytes)
//           2 out: array<f32>, write, one per group
// Entry points (the benchmark compares the first two):
//   per_workgroup: one workgroup of WG threads per group, strided loads + tree reduction;
//   per_thread:    one invocation per group, a serial loop; a group of whole 16-byte words
//                  (inner = 1, outer and len multiples of 4) is read as vec4 with vec4 math;
//   columns4:      one invocation per 4 neighbouring columns (outer = 1, inner and groups
//                  multiples of 4, every element below n: n = len · inner), vec4 loads;
//   columns16:     the same for 16 columns (inner and groups multiples of 16): each row step
//                  reads 64 contiguous bytes, a whole cache line (walking down 4-column strips
//                  was bound by the misses of its 16-byte reads, one per row).
// On SwiftShader every load and every invocation has a fixed cost: 16-byte loads and vector
// math made block absmax 2.5× faster than u32 loads.
override WG: u32 = 64u;

struct Params { groups: u32, len: u32, outer: u32, inner: u32, n: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec4u>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

var<workgroup> red: array<u32, WG>;

fn word_at(i: u32) -> u32 {
  return src[i / 4u][i % 4u];
}

fn key_at(g: u32, i: u32) -> u32 {
  let idx = g * params.outer + i * params.inner;
  if (idx >= params.n) { return 0u; }
  return abs_key(word_at(idx));
}

// |x| bits with NaN → 0; subnormals are left in: the caller zeroes a subnormal maximum (which
// only happens when every value is subnormal or zero), one test per group instead of per element.
fn abs_bits4(v: vec4u) -> vec4u {
  let a = v & vec4u(ABS_MASK);
  return select(a, vec4u(0u), a > vec4u(EXP_MASK));
}

fn key_of_max(m: u32) -> u32 {
  return select(m, 0u, m < 0x00800000u);
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
  let base = g * params.outer;
  let n = params.n;
  let len = params.len;
  let inner = params.inner;
  if (inner == 1u && base % 4u == 0u && len % 4u == 0u && base + len <= n) {
    // A whole group of 16-byte words.
    var m4 = vec4u(0u);
    let q0 = base / 4u;
    let q1 = q0 + len / 4u;
    for (var q = q0; q < q1; q = q + 1u) { m4 = max(m4, abs_bits4(src[q])); }
    out[g] = bitcast<f32>(key_of_max(max(max(m4.x, m4.y), max(m4.z, m4.w))));
    return;
  }
  // Elements g·outer + i·inner below n: count them once instead of testing every index.
  var count = 0u;
  if (base < n) { count = min(len, (n - base + inner - 1u) / inner); }
  var key = 0u;
  var idx = base;
  for (var i = 0u; i < count; i = i + 1u) {
    key = max(key, abs_key(word_at(idx)));
    idx = idx + inner;
  }
  out[g] = bitcast<f32>(key);
}

@compute @workgroup_size(WG)
fn columns4(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * WG;
  if (t * 4u >= params.groups) { return; }
  let step = params.inner / 4u;
  let len = params.len;
  var m4 = vec4u(0u);
  var q = t;
  for (var i = 0u; i < len; i = i + 1u) {
    m4 = max(m4, abs_bits4(src[q]));
    q = q + step;
  }
  let keys = select(m4, vec4u(0u), m4 < vec4u(0x00800000u));
  out[4u * t] = bitcast<f32>(keys.x);
  out[4u * t + 1u] = bitcast<f32>(keys.y);
  out[4u * t + 2u] = bitcast<f32>(keys.z);
  out[4u * t + 3u] = bitcast<f32>(keys.w);
}

@compute @workgroup_size(WG)
fn columns16(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * WG;
  if (t * 16u >= params.groups) { return; }
  let step = params.inner / 4u;
  let len = params.len;
  var m0 = vec4u(0u);
  var m1 = vec4u(0u);
  var m2 = vec4u(0u);
  var m3 = vec4u(0u);
  var q = t * 4u;
  for (var i = 0u; i < len; i = i + 1u) {
    m0 = max(m0, abs_bits4(src[q]));
    m1 = max(m1, abs_bits4(src[q + 1u]));
    m2 = max(m2, abs_bits4(src[q + 2u]));
    m3 = max(m3, abs_bits4(src[q + 3u]));
    q = q + step;
  }
  store_keys4(16u * t, m0);
  store_keys4(16u * t + 4u, m1);
  store_keys4(16u * t + 8u, m2);
  store_keys4(16u * t + 12u, m3);
}

fn store_keys4(g: u32, m4: vec4u) {
  let keys = select(m4, vec4u(0u), m4 < vec4u(0x00800000u));
  out[g] = bitcast<f32>(keys.x);
  out[g + 1u] = bitcast<f32>(keys.y);
  out[g + 2u] = bitcast<f32>(keys.z);
  out[g + 3u] = bitcast<f32>(keys.w);
}
