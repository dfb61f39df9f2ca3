// Writes test/golden/kernels/*.json: inputs, parameters and expected bytes for every kernel
// family, from INDEPENDENT means: hand-computed values (written out below), the formats'
// codebook encoders, and the plain-loop oracles in kernel-oracles.ts — never src/core/kernels.
// Large sizes (1 048 593 elements) are not stored: the tests generate them from a seeded PRNG.
// Run: npx tsx tools/golden/make-kernel-goldens.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { FP4_MAGNITUDE_LIMITS, NF4_THRESHOLDS, dynamicMap8 } from '../../src/core/formats/codebooks.ts';
import { normalSample } from '../../src/core/random.ts';
import { oracleBlockAbsmax, oracleBnb4, oracleDynamicCode, oracleHalf, oracleNBits, oraclePrune } from './kernel-oracles.ts';

const OUT = new URL('../../test/golden/kernels/', import.meta.url);
const f = Math.fround;
/** float32 values as concatenated 8-hex-digit bit patterns (JSON has no NaN, Inf or −0). */
const words = (x: Float32Array) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length), (w) => w.toString(16).padStart(8, '0')).join('');
const hex = (u: Uint8Array | Int8Array) => Array.from(new Uint8Array(u.buffer, u.byteOffset, u.byteLength), (b) => b.toString(16).padStart(2, '0')).join('');
const nextUp = (v: number) => {
  const b = new Float32Array([v]);
  const u = new Uint32Array(b.buffer);
  u[0] = v >= 0 ? u[0]! + 1 : u[0]! - 1;
  return b[0]!;
};
function write(name: string, data: unknown): void {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(new URL(`${name}.json`, OUT), JSON.stringify(data, null, 1) + '\n');
  console.log(`wrote test/golden/kernels/${name}.json`);
}

// ---- bnb4 -------------------------------------------------------------------------------
const ramp = Float32Array.from({ length: 64 }, (_, i) => f((i - 31.5) / 10));
const specials = new Float32Array(192);
// block 0: all zero (absmax 0 → s is NaN → code 0 for both types)
// block 1: ±0, ±Inf, NaN, subnormals, normal values
specials.set([0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 1.5, -2.5, 2 ** -126, -(2 ** -126)], 64);
// block 2: absmax exactly 1 (reciprocal 1): values ON the NF4 thresholds (→ lower code), just
// above them (→ upper code), and on the FP4 limits (→ lower rank).
specials[128] = 1;
NF4_THRESHOLDS.forEach((t, i) => { specials[129 + 2 * i] = t; specials[130 + 2 * i] = nextUp(t); });
FP4_MAGNITUDE_LIMITS.forEach((l, i) => { specials[159 + 2 * i] = l; specials[160 + 2 * i] = -l; });
const bnbCases: unknown[] = [];
for (const type of ['nf4', 'fp4'] as const) {
  bnbCases.push({
    name: `ramp64-${type}`, type, blockSize: 64, input: words(ramp),
    packed: type === 'nf4'
      ? '00000111111112222233344445556667788899aaabbbccccddddeeeeeeefffff'
      : 'bbbbbbaaaaaaaadddddccccffeeee99911166667744445555522222222333333',
    absmax: '4049999a',
  });
  for (const n of [1, 63, 64, 65, 4097]) {
    const x = normalSample(n, 1000 + n);
    const o = oracleBnb4(x, type, 64);
    bnbCases.push({ name: `normal-${n}-${type}`, type, blockSize: 64, input: words(x), packed: hex(o.packed), absmax: words(o.absmax) });
  }
  for (const blockSize of [32, 128, 4096]) {
    const x = normalSample(4097, 77);
    const o = oracleBnb4(x, type, blockSize);
    bnbCases.push({ name: `normal-4097-b${blockSize}-${type}`, type, blockSize, input: words(x), packed: hex(o.packed), absmax: words(o.absmax) });
  }
  const o = oracleBnb4(specials, type, 64);
  bnbCases.push({ name: `specials-${type}`, type, blockSize: 64, input: words(specials), packed: hex(o.packed), absmax: words(o.absmax) });
}
write('bnb4', { note: 'bitsandbytes NF4/FP4, MatMulBnb4 layout (high nibble first); input/absmax as float32 bit patterns', cases: bnbCases });

// ---- absmax -----------------------------------------------------------------------------
const absX = normalSample(4097, 5);
absX.set([NaN, -Infinity, 1e-40], 100);
write('absmax', {
  note: 'absmax per block (NaN ignored, subnormals as 0); row absmax of a [3, 4] matrix',
  input: words(absX),
  blocks: [32, 64, 128, 256, 512, 1024, 2048, 4096].map((blockSize) => ({ blockSize, absmax: words(oracleBlockAbsmax(absX, blockSize)) })),
  rows: { input: words(Float32Array.from([1, -5, 2, 0, 0, 0, 0, 0, -0.5, NaN, 0.25, -0.75])), rows: 3, cols: 4, absmax: words(Float32Array.from([5, 0, 0.75])) },
});

// ---- MatMulNBits ------------------------------------------------------------------------
// Hand-made ties: block [K=32] with max |v| = 8 at v = −8 → scale = 1, rcp = 1, so q = roundf(v + 8):
// 0.5 → roundf(8.5) = 9; −0.5 → roundf(7.5) = 8 (zero point added BEFORE rounding: round(−0.5) + 8
// would give 7); 7.5 → 15.5 → 16 → 15; −7.5 → 0.5 → 1. Bytes: (0,9) 90, (8,10) a8, (7,15) f7, …
const tie = new Float32Array(32);
tie.set([-8, 0.5, -0.5, 1.5, -1.5, 7.5, -7.5, 2.5, -2.5, 6.5]);
const tieSym = new Float32Array(32);
tieSym.set([4, -4, 1, -1]); // |max| = |min|: ORT picks the negative → scale = 0.5
const nbitsCases: unknown[] = [
  { name: 'ties-symmetric', K: 32, N: 1, blockSize: 32, symmetric: true, input: words(tie),
    data: '90a8f7b1f68888888888888888888888', scales: '3f800000' },
  { name: 'equal-magnitudes-symmetric', K: 32, N: 1, blockSize: 32, symmetric: true, input: words(tieSym), data: '', scales: '3f000000' },
];
for (const [K, N, bs] of [[96, 40, 16], [96, 40, 32], [40, 8, 32], [256, 3, 128], [64, 1, 64]] as const) {
  for (const symmetric of [true, false]) {
    const w = normalSample(K * N, K * 31 + N + (symmetric ? 1 : 0));
    const o = oracleNBits(w, K, N, bs, symmetric);
    nbitsCases.push({
      name: `normal-${K}x${N}-b${bs}-${symmetric ? 'sym' : 'asym'}`, K, N, blockSize: bs, symmetric, input: words(w),
      data: hex(o.data), scales: words(o.scales), ...(o.zeroPoints ? { zeroPoints: hex(o.zeroPoints) } : {}),
    });
  }
}
const asymTies = new Float32Array(16);
asymTies.set([-1, 14, 0.5, 13.5, 6.5, -0.5, 7.5]); // min −1, max 14: scale = 1, zp = 1
nbitsCases.push({ name: 'ties-asymmetric', K: 16, N: 1, blockSize: 16, symmetric: false, input: words(asymTies), ...(() => {
  const o = oracleNBits(asymTies, 16, 1, 16, false);
  return { data: hex(o.data), scales: words(o.scales), zeroPoints: hex(o.zeroPoints!) };
})() });
// Fill in the expected bytes of the second hand case from the oracle (its scale is hand-checked).
(nbitsCases[1] as { data: string }).data = hex(oracleNBits(tieSym, 32, 1, 32, true).data);
const handTie = hex(oracleNBits(tie, 32, 1, 32, true).data);
if (handTie !== (nbitsCases[0] as { data: string }).data) throw new Error(`hand-computed ties disagree with the oracle: ${handTie}`);
write('nbits', { note: 'MatMulNBits 4-bit, [K, N] input (ONNX initializer); B [N, blocks, bs/2] low nibble first', cases: nbitsCases });

// ---- int8 -------------------------------------------------------------------------------
// LLM.int8 row with SCB 127 → 127/SCB = 1: codes are round_half_even of the FP16 value.
// 1 + 2^-11 rounds to 1 in FP16 (tie → even); 2.5 → 2, 3.5 → 4, −2.5 → −2, 126.5 → 126.
const rowwise = Float32Array.from([127, 2.5, 3.5, -2.5, 126.5, 1 + 2 ** -11, -0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0]);
write('int8', {
  note: 'LLM.int8 row-wise (fp16 cast, SCB, round half even) and per-channel (axis 1 of [in, out]) int8',
  rowwise: [{ name: 'ties', rows: 2, cols: 8, layout: 'out-in', input: words(rowwise),
    codes: hex(Int8Array.from([127, 2, 4, -2, 126, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])), scb: words(Float32Array.from([127, 0])) }],
  // Per-channel [in = 3, out = 2]: column 0 absmax 127 → scale 1 → 2.5 → 2, −3.5 → −4;
  // column 1 all zero → scale 1.0 (onnxruntime replaces a scale below float32's tiny).
  perChannel: [{ name: 'ties', rows: 3, cols: 2, input: words(Float32Array.from([127, 0, 2.5, 0, -3.5, 0])),
    codes: hex(Int8Array.from([127, 0, 2, 0, -4, 0])), scales: words(Float32Array.from([1, 1])) }],
});

// ---- FP16 / BF16 ------------------------------------------------------------------------
const halfInputs = Float32Array.from([
  0, -0, Infinity, -Infinity, NaN, 1, -1, 5.25, 65504, 65519.996, 65520, -65520, 1e6,
  2 ** -24, 2 ** -25, 3 * 2 ** -26, 2 ** -14, 2 ** -14 - 2 ** -25, 1e-40, -1e-40, 2 ** -149,
  1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -20,
  3.4028234663852886e38, 0.1, -0.1, 3.14159265,
]);
write('half', {
  note: 'float32 → FP16 / BF16 patterns, expected by brute-force nearest search (ties → even)',
  input: words(halfInputs),
  f16: Array.from(halfInputs, (v) => oracleHalf(v, 'f16')),
  bf16: Array.from(halfInputs, (v) => oracleHalf(v, 'bf16')),
});

// ---- double quantization -----------------------------------------------------------------
// offset 0 and a leading 1.0, so absmax2 = 1 and s = y exactly: values ON the map midpoints
// (→ lower code) and just above (→ upper code).
const map = dynamicMap8();
const dqInput = [1];
for (const i of [0, 10, 100, 127, 128, 200, 254]) {
  const mid = f((map[i]! + map[i + 1]!) / 2);
  dqInput.push(mid, nextUp(mid));
}
const dqX = Float32Array.from(dqInput);
write('double-quant', {
  note: 'dynamic-map codes with offset 0 and absmax2 = 1: midpoints take the lower code',
  offset: 0, input: words(dqX), codes: Array.from(dqX, (v) => oracleDynamicCode(v)), absmax2: words(Float32Array.from([1])),
});

// ---- pruning ----------------------------------------------------------------------------
const p1 = Float32Array.from([3, -1, 1, 0, -0, 2, 1, -1]);
const p2 = Float32Array.from([0.5, -4, 1, 1, 2]);
write('prune', {
  note: 'magnitude pruning: exactly round_half_even(amount·n) zeros, ties → lower flat index first',
  global: [
    { name: 'ties-one-tensor', amount: 0.5, tensors: [words(p1)], expected: oraclePrune([p1], 0.5).map(words) },
    { name: 'ties-two-tensors', amount: 0.5, tensors: [words(p1), words(p2)], expected: oraclePrune([p1, p2], 0.5).map(words) },
    { name: 'half-rounds-to-even', amount: 0.5, tensors: [words(p2)], expected: oraclePrune([p2], 0.5).map(words) },
    { name: 'all', amount: 1, tensors: [words(p2)], expected: [words(new Float32Array(5))] },
    { name: 'none', amount: 0, tensors: [words(p2)], expected: [words(p2)] },
  ],
  // 2:4 along the input dimension of [out = 2, in = 8]; ties keep the lower index.
  semi24: [{ name: 'ties', rows: 2, cols: 8, layout: 'out-in',
    input: words(Float32Array.from([1, -3, 2, 0, 5, 5, 5, 5, 0, 0, 0, 0, -1, 1, -2, 2])),
    expected: words(Float32Array.from([0, -3, 2, 0, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0, -2, 2])) }],
  // [2, 3] matrix [[1, −2, 2], [0, 3, −4]]: row L1 = 5, 7; column L2² = 1, 13, 20.
  structured: { rows: 2, cols: 3, input: words(Float32Array.from([1, -2, 2, 0, 3, -4])),
    rowL1: words(Float32Array.from([5, 7])), colL2Squared: words(Float32Array.from([1, 13, 20])) },
});

// ---- statistics -------------------------------------------------------------------------
// 4 bins on [−1, 1] (scale = 2): −1 → 0; −0.5 → 1; 0 → 2; 0.25 → floor(2.5) = 2; 0.5 → 3;
// 1 → bin 4 → clamped to 3; 2 → above; −Inf → below; NaN → nan.
write('stats', {
  histogram: { bins: 4, min: -1, max: 1, input: words(Float32Array.from([-1, -0.5, 0, 0.25, 0.5, 1, 2, -Infinity, NaN])),
    counts: [1, 1, 2, 2], below: 1, above: 1, nan: 1 },
  // x = [3, 4], x̂ = [3, 3]: Σx² = 25, Σd² = 1, MSE 0.5, max 1, SQNR = 10·log10(25) dB.
  metrics: { x: words(Float32Array.from([3, 4])), xHat: words(Float32Array.from([3, 3])), sumSquares: 25, sumSquaredError: 1, mse: 0.5, maxAbsError: 1 },
  zeros: { input: words(Float32Array.from([0, -0, 1e-40, 1, NaN, 0])), count: 3 },
});
