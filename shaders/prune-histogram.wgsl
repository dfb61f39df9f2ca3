// prune-histogram: one radix-select pass over |w| bit patterns (sign cleared: for non-negative
// floats the u32 order is the numeric order; NaN sorts above +Inf).
// Bindings: 0 uniform Params { n, shift, prefix, mask_high }
//           1 src: array<u32> float32 bits, read
//           2 hist: array<atomic<u32>, 256>, accumulated (the host clears it once per pass, so
//             several tensors add into one histogram for global pruning)
// Counts keys whose bits above `shift + 8` equal `prefix` (mask_high selects them), binned by
// the 8 bits at `shift`. Workgroup-local atomics, then one global add per bin.
const WG: u32 = 256u;
override ITEMS: u32 = 256u; // elements per invocation: few workgroups, few barriers

struct Params { n: u32, shift: u32, prefix: u32, mask_high: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> hist: array<atomic<u32>, 256>;

var<workgroup> local_hist: array<atomic<u32>, 256>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u,
        @builtin(num_workgroups) nwg: vec3u) {
  atomicStore(&local_hist[lid.x], 0u);
  workgroupBarrier();
  let base = (wid.x + wid.y * nwg.x) * WG * ITEMS;
  for (var j = 0u; j < ITEMS; j = j + 1u) {
    let i = base + j * WG + lid.x;
    if (i < params.n) {
      let key = src[i] & 0x7fffffffu;
      if ((key & params.mask_high) == params.prefix) {
        atomicAdd(&local_hist[(key >> params.shift) & 255u], 1u);
      }
    }
  }
  workgroupBarrier();
  let c = atomicLoad(&local_hist[lid.x]);
  if (c > 0u) { atomicAdd(&hist[lid.x], c); }
}
