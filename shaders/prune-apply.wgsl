// prune-apply: zero every weight with |w| below the threshold, and the first quota[chunk]
// weights equal to it (lowest flat index first), per chunk of 256 · PER_THREAD elements.
// Bindings: 0 uniform Params { n, threshold, enabled }, 1 src: array<u32> read,
//           2 quota: array<u32> read (ties to prune per chunk), 3 out: array<u32> write.
// enabled = 0 (k = 0) copies. A workgroup-wide exclusive scan of each thread's tie count gives
// every tie its rank within the chunk (thread t owns PER_THREAD consecutive elements, so thread
// order is index order).
const WG: u32 = 256u;
override PER_THREAD: u32 = 8u; // consecutive elements per invocation

struct Params { n: u32, threshold: u32, enabled: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read> quota: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<u32>;

var<workgroup> scan: array<u32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u,
        @builtin(num_workgroups) nwg: vec3u) {
  let chunk = wid.x + wid.y * nwg.x;
  let e0 = chunk * WG * PER_THREAD + lid.x * PER_THREAD;
  var ties = 0u;
  for (var j = 0u; j < PER_THREAD; j = j + 1u) {
    let i = e0 + j;
    if (i < params.n && (src[i] & 0x7fffffffu) == params.threshold) { ties = ties + 1u; }
  }
  scan[lid.x] = ties;
  workgroupBarrier();
  for (var step = 1u; step < WG; step = step * 2u) {
    var add = 0u;
    if (lid.x >= step) { add = scan[lid.x - step]; }
    workgroupBarrier();
    scan[lid.x] = scan[lid.x] + add;
    workgroupBarrier();
  }
  if (e0 >= params.n) { return; }
  var rank = scan[lid.x] - ties; // exclusive prefix
  let q = quota[chunk];
  for (var j = 0u; j < PER_THREAD; j = j + 1u) {
    let i = e0 + j;
    if (i < params.n) {
      let bits = src[i];
      let key = bits & 0x7fffffffu;
      var prune = params.enabled == 1u && key < params.threshold;
      if (params.enabled == 1u && key == params.threshold) {
        prune = rank < q;
        rank = rank + 1u;
      }
      out[i] = select(bits, 0u, prune);
    }
  }
}
