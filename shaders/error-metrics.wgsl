// error-metrics: per-workgroup partial sums for MSE / SQNR and the max |x − x̂|.
// d = float32(x − x̂); each invocation sums ITEMS float32 x² and d² in index order, then a
// fixed tree over the workgroup; the host adds the partials in float64 (a different order from
// the CPU reference's float64 sum: stated tolerance 1e-5 relative). max |d| is exact.
// Needs lib/f32.wgsl.
// Bindings: 0 uniform Params { n }, 1 x: array<u32> read, 2 x_hat: array<u32> read,
//           3 partials: array<u32> write, 3 words per workgroup: Σx² bits, Σd² bits, max|d| bits.
const WG: u32 = 256u;
override ITEMS: u32 = 64u;

struct Params { n: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<u32>;
@group(0) @binding(2) var<storage, read> x_hat: array<u32>;
@group(0) @binding(3) var<storage, read_write> partials: array<u32>;

var<workgroup> sum_x: array<f32, WG>;
var<workgroup> sum_d: array<f32, WG>;
var<workgroup> max_d: array<u32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u,
        @builtin(num_workgroups) nwg: vec3u) {
  let wg = wid.x + wid.y * nwg.x;
  let base = wg * WG * ITEMS + lid.x * ITEMS;
  var sx = 0.0;
  var sd = 0.0;
  var md = 0u;
  for (var j = 0u; j < ITEMS; j = j + 1u) {
    let i = base + j;
    if (i < params.n) {
      let a = bitcast<f32>(x[i]);
      let d = sub_f(a, bitcast<f32>(x_hat[i]));
      sx = sx + mul_f(a, a);
      sd = sd + mul_f(d, d);
      md = max(md, abs_key(bitcast<u32>(d)));
    }
  }
  sum_x[lid.x] = sx;
  sum_d[lid.x] = sd;
  max_d[lid.x] = md;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid.x < s) {
      sum_x[lid.x] = sum_x[lid.x] + sum_x[lid.x + s];
      sum_d[lid.x] = sum_d[lid.x] + sum_d[lid.x + s];
      max_d[lid.x] = max(max_d[lid.x], max_d[lid.x + s]);
    }
    workgroupBarrier();
  }
  if (lid.x == 0u && wg * WG * ITEMS < params.n) {
    partials[wg * 3u] = bitcast<u32>(sum_x[0]);
    partials[wg * 3u + 1u] = bitcast<u32>(sum_d[0]);
    partials[wg * 3u + 2u] = max_d[0];
  }
}
