// prune-24: 2:4 semi-structured sparsity. In every 4 consecutive elements along the INPUT
// dimension keep the 2 with the largest |w| bit pattern; ties keep the lower index.
// Bindings: 0 uniform Params { groups, cols, in_out }, 1 src: array<u32> read, 2 out: array<u32> write.
// in_out = 0: [out, in], group g = elements 4g..4g+3; in_out = 1: [in, out] (ONNX), group g
// = rows 4·(g / cols) + 0..3 of column g % cols. One invocation per group.
override WG: u32 = 256u;

struct Params { groups: u32, cols: u32, in_out: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let g = gid.x + gid.y * nwg.x * WG;
  if (g >= params.groups) { return; }
  var idx: array<u32, 4>;
  for (var i = 0u; i < 4u; i = i + 1u) {
    if (params.in_out == 1u) {
      idx[i] = ((g / params.cols) * 4u + i) * params.cols + g % params.cols;
    } else {
      idx[i] = g * 4u + i;
    }
  }
  var bits: array<u32, 4>;
  for (var i = 0u; i < 4u; i = i + 1u) { bits[i] = src[idx[i]]; }
  for (var j = 0u; j < 4u; j = j + 1u) {
    let kj = bits[j] & 0x7fffffffu;
    var beaten = 0u;
    for (var i = 0u; i < 4u; i = i + 1u) {
      let ki = bits[i] & 0x7fffffffu;
      if (ki > kj || (ki == kj && i < j)) { beaten = beaten + 1u; }
    }
    out[idx[j]] = select(bits[j], 0u, beaten >= 2u);
  }
}
