// bnb4-quantize: bitsandbytes NF4/FP4 blockwise quantization into the MatMulBnb4 layout.
// Needs lib/f32.wgsl and the generated encoders nf4_code(s), fp4_rank(|s|) (branch-free
// binary searches, src/gpu/tables.ts, from src/core/formats/codebooks.ts), prepended by
// src/gpu/bnb4.ts.
// Bindings: 0 uniform Params { n, transposed, in_features, out_features }
//           1 src: array<u32> float32 bit patterns, read
//           2 packed: array<u32>, write: byte k = code[2k] << 4 | code[2k+1] (little-endian words)
//           3 absmax: array<f32>, write: one per block of BLOCK_SIZE flat elements
// Layout: flat element f is in [out, in] order. transposed = 1 reads an ONNX [in, out]
//   initializer: f = o·in + i lives at src[i·out + o].
// Work: ONE INVOCATION PER BLOCK, no workgroup memory and no barriers: it reads its block once
//   for the absmax (|x| bit patterns, NaN and subnormals as 0), computes 1/absmax with div_f
//   (correctly rounded), then encodes 8 elements per output word. Block size 64 (the default)
//   keeps its 16 words in a private array so each is loaded once (on SwiftShader every storage
//   load is a bounds-checked gather: loading the block twice cost ~40 % of the kernel); other
//   block sizes read the block again (from cache).
//   Measured on SwiftShader (npm run bench): a workgroup-per-block reduction with barriers was
//   50× slower than this. Elements past n quantize as 0.0 (bitsandbytes' padding).
override WG: u32 = 64u;
override BLOCK_SIZE: u32 = 64u;
override NF4: u32 = 1u;

struct Params { n: u32, transposed: u32, in_features: u32, out_features: u32 }

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec4u>;
@group(0) @binding(2) var<storage, read_write> packed: array<u32>;
@group(0) @binding(3) var<storage, read_write> absmax: array<f32>;

fn word_at(i: u32) -> u32 {
  return src[i / 4u][i % 4u];
}

fn load_bits(f: u32) -> u32 {
  if (f >= params.n) { return 0u; }
  if (params.transposed == 0u) { return word_at(f); }
  let o = f / params.in_features;
  let i = f - o * params.in_features;
  return word_at(i * params.out_features + o);
}

const MIN_NORMAL: f32 = 0x1p-126f;

// s = x · r for the encoders, x flushed. The product is NOT flushed here: encode() gives a
// subnormal s the code of its flushed value (every threshold is a normal number; only the FP4
// sign needs care), which saves the bit test on every element.
fn scaled(bits: u32, r: f32) -> f32 {
  return ftz(bitcast<f32>(bits)) * r;
}

fn key4(v: vec4u) -> u32 {
  return max(max(abs_key(v.x), abs_key(v.y)), max(abs_key(v.z), abs_key(v.w)));
}

fn pack8(a: vec4u, b: vec4u, r: f32) -> u32 {
  // byte k = code[2k] << 4 | code[2k+1]; little-endian words
  return (encode(scaled(a.x, r)) << 4u) | encode(scaled(a.y, r))
       | (encode(scaled(a.z, r)) << 12u) | (encode(scaled(a.w, r)) << 8u)
       | (encode(scaled(b.x, r)) << 20u) | (encode(scaled(b.y, r)) << 16u)
       | (encode(scaled(b.z, r)) << 28u) | (encode(scaled(b.w, r)) << 24u);
}

// NaN compares false everywhere: code 0 for both types, as bitsandbytes' absmax = 0 case.
fn encode(s: f32) -> u32 {
  if (NF4 == 1u) { return nf4_code(s); }
  // Sign bit iff ftz(s) < 0; rank r → bits FP4_RANK_TO_BITS[r] = ((8 − (r & 6)) & 6) | (r & 1)
  // (checked against the table in src/gpu/tables.ts).
  let rank = fp4_rank(abs(s));
  return select(0u, 8u, s <= -MIN_NORMAL) | ((8u - (rank & 6u)) & 6u) | (rank & 1u);
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let block = gid.x + gid.y * nwg.x * WG;
  let first = block * BLOCK_SIZE;
  if (first >= params.n) { return; }
  let last = min(first + BLOCK_SIZE, params.n);
  if (BLOCK_SIZE == 64u && params.transposed == 0u && last == first + BLOCK_SIZE) {
    // The default block size: each 16-byte word is loaded once, into a private array. Written
    // as loops, not unrolled by hand: the unrolled form ran ~10 % faster but took SwiftShader
    // ~375 ms to compile per pipeline instead of ~110 ms, which every student pays on load.
    let q = first / 4u;
    var v: array<vec4u, 16>;
    var key = 0u;
    for (var j = 0u; j < 16u; j = j + 1u) { let x = src[q + j]; v[j] = x; key = max(key, key4(x)); }
    let amax = bitcast<f32>(key);
    absmax[block] = amax;
    let r = div_f(1.0, amax);
    let w = q / 2u;
    for (var j = 0u; j < 8u; j = j + 1u) { packed[w + j] = pack8(v[2u * j], v[2u * j + 1u], r); }
    return;
  }
  if (params.transposed == 0u && last == first + BLOCK_SIZE) {
    // Fast path, a whole block in place: two 16-byte loads per output word.
    var key = 0u;
    for (var q = first / 4u; q < last / 4u; q = q + 1u) { key = max(key, key4(src[q])); }
    let amax = bitcast<f32>(key);
    absmax[block] = amax;
    let r = div_f(1.0, amax);
    for (var q = first / 4u; q < last / 4u; q = q + 2u) { packed[q / 2u] = pack8(src[q], src[q + 1u], r); }
    return;
  }
  var key = 0u;
  for (var f = first; f < last; f = f + 1u) { key = max(key, abs_key(load_bits(f))); }
  let amax = bitcast<f32>(key);
  absmax[block] = amax;
  let r = div_f(1.0, amax);
  for (var e0 = first; e0 < last; e0 = e0 + 8u) {
    var word = 0u;
    for (var j = 0u; j < 8u; j = j + 1u) {
      let code = encode(scaled(load_bits(e0 + j), r));
      word = word | (code << ((j / 2u) * 8u + select(0u, 4u, (j & 1u) == 0u)));
    }
    packed[e0 / 8u] = word;
  }
}
