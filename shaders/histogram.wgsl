// histogram: counts of float32 values in BINS equal bins over [min, max], plus values below,
// above and NaN. bin = floor(float32(float32(x − min) · scale)), scale = bins/(max − min)
// computed by the host (correctly rounded), clamped to the last bin. Needs lib/f32.wgsl.
// Bindings: 0 uniform Params { n, min, max, scale }, 1 src: array<u32> read,
//           2 counts: array<atomic<u32>>: BINS bins then below, above, nan (cleared by the host)
// Workgroup-local atomic bins, then one global add per non-empty bin.
override BINS: u32 = 64u;
const WG: u32 = 256u;
override ITEMS: u32 = 256u;

struct Params { n: u32, min: f32, max: f32, scale: f32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>>;

var<workgroup> local_bins: array<atomic<u32>, BINS + 3u>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u,
        @builtin(num_workgroups) nwg: vec3u) {
  for (var b = lid.x; b < BINS + 3u; b = b + WG) { atomicStore(&local_bins[b], 0u); }
  workgroupBarrier();
  let base = (wid.x + wid.y * nwg.x) * WG * ITEMS;
  for (var j = 0u; j < ITEMS; j = j + 1u) {
    let i = base + j * WG + lid.x;
    if (i < params.n) {
      let v = ftz(bitcast<f32>(src[i]));
      var slot: u32;
      if (is_nan(v)) { slot = BINS + 2u; }
      else if (v < params.min) { slot = BINS; }
      else if (v > params.max) { slot = BINS + 1u; }
      else { slot = min(u32(floor(mul_f(sub_f(v, params.min), params.scale))), BINS - 1u); }
      atomicAdd(&local_bins[slot], 1u);
    }
  }
  workgroupBarrier();
  for (var b = lid.x; b < BINS + 3u; b = b + WG) {
    let c = atomicLoad(&local_bins[b]);
    if (c > 0u) { atomicAdd(&counts[b], c); }
  }
}
