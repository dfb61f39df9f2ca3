// prune-ties: how many |w| bit patterns equal the selected threshold, per chunk of
// 256 · PER_THREAD elements (each invocation owns PER_THREAD consecutive elements), so the host can hand the tie quota to
// the chunks in flat-index order.
// Bindings: 0 uniform Params { n, threshold }, 1 src: array<u32> read,
//           2 counts: array<u32> write, one per chunk.
const WG: u32 = 256u;
override PER_THREAD: u32 = 8u; // consecutive elements per invocation

struct Params { n: u32, threshold: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> counts: array<u32>;

var<workgroup> total: atomic<u32>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u,
        @builtin(num_workgroups) nwg: vec3u) {
  if (lid.x == 0u) { atomicStore(&total, 0u); }
  workgroupBarrier();
  let chunk = wid.x + wid.y * nwg.x;
  let e0 = chunk * WG * PER_THREAD + lid.x * PER_THREAD;
  var c = 0u;
  for (var j = 0u; j < PER_THREAD; j = j + 1u) {
    let i = e0 + j;
    if (i < params.n && (src[i] & 0x7fffffffu) == params.threshold) { c = c + 1u; }
  }
  if (c > 0u) { atomicAdd(&total, c); }
  workgroupBarrier();
  if (lid.x == 0u && chunk * WG * PER_THREAD < params.n) { counts[chunk] = atomicLoad(&total); }
}
