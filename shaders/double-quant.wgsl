// double-quant: 8-bit dynamic-map quantization of 4-bit absmax values (blocks of 256) and its
// inverse. Needs lib/f32.wgsl and the tables DYNAMIC_MAP / DYNAMIC_THRESHOLDS (255 float32
// midpoints; code = number of thresholds strictly below s, so a midpoint takes the LOWER code).
// Entry quantize — bindings: 0 uniform Params { n, offset }, 1 absmax: array<f32> read,
//   2 codes: array<u32> write (4 codes per word, element 4w+j in byte j), 3 absmax2: array<f32> write.
//   One workgroup of 64 invocations per block of 256 (4 elements each): y = absmax − offset,
//   absmax2 = max|y| (tree reduction), s = y · (1/absmax2), binary search over the thresholds.
// Entry dequantize (separate module: double-quant-dequantize.wgsl).
const WG: u32 = 64u;
const BLOCK: u32 = 256u;

struct Params { n: u32, offset: f32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> absmax: array<f32>;
@group(0) @binding(2) var<storage, read_write> codes: array<u32>;
@group(0) @binding(3) var<storage, read_write> absmax2: array<f32>;

var<workgroup> red: array<u32, WG>;
var<workgroup> rcp: f32;

fn y_at(i: u32) -> f32 {
  if (i >= params.n) { return 0.0; }
  return sub_f(absmax[i], params.offset);
}

fn encode(s: f32) -> u32 {
  var lo = 0u;
  var hi = 255u;
  if (is_nan(s)) { return 0u; }
  for (var step = 0u; step < 8u; step = step + 1u) {
    if (lo < hi) {
      let mid = (lo + hi) / 2u;
      if (DYNAMIC_THRESHOLDS(mid) < s) { lo = mid + 1u; } else { hi = mid; }
    }
  }
  return lo;
}

@compute @workgroup_size(WG)
fn quantize(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u,
            @builtin(num_workgroups) nwg: vec3u) {
  let block = wid.x + wid.y * nwg.x;
  let e0 = block * BLOCK + lid.x * 4u;
  var y: array<f32, 4>;
  var key = 0u;
  for (var j = 0u; j < 4u; j = j + 1u) {
    y[j] = y_at(e0 + j);
    key = max(key, abs_key(bitcast<u32>(y[j])));
  }
  red[lid.x] = key;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid.x < s) { red[lid.x] = max(red[lid.x], red[lid.x + s]); }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    let a2 = bitcast<f32>(red[0]);
    rcp = div_f(1.0, a2);
    if (block * BLOCK < params.n) { absmax2[block] = a2; }
  }
  workgroupBarrier();
  let r = rcp;
  if (e0 < params.n) {
    var word = 0u;
    for (var j = 0u; j < 4u; j = j + 1u) {
      if (e0 + j < params.n) { word = word | (encode(mul_f(y[j], r)) << (8u * j)); }
    }
    codes[e0 / 4u] = word;
  }
}
