// zeros: counts elements whose float32 pattern is +0 or −0.
// Bindings: 0 uniform Params { n }, 1 src: array<u32> read, 2 count: atomic<u32> (cleared by the host).
const WG: u32 = 256u;
override ITEMS: u32 = 256u;

struct Params { n: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> count: atomic<u32>;

var<workgroup> local_count: atomic<u32>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u,
        @builtin(num_workgroups) nwg: vec3u) {
  if (lid.x == 0u) { atomicStore(&local_count, 0u); }
  workgroupBarrier();
  let base = (wid.x + wid.y * nwg.x) * WG * ITEMS;
  var c = 0u;
  for (var j = 0u; j < ITEMS; j = j + 1u) {
    let i = base + j * WG + lid.x;
    if (i < params.n && (src[i] & 0x7fffffffu) == 0u) { c = c + 1u; }
  }
  if (c > 0u) { atomicAdd(&local_count, c); }
  workgroupBarrier();
  if (lid.x == 0u) {
    let total = atomicLoad(&local_count);
    if (total > 0u) { atomicAdd(&count, total); }
  }
}
