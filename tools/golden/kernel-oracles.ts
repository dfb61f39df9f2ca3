// Independent oracles for the kernel goldens: straightforward loops written from the format
// descriptions (formats.md, onnxruntime's q4_dq.cpp rules), not from src/core/kernels. They
// share only the codebook encoders (src/core/formats/codebooks.ts, the formats' definition).
// Used by make-kernel-goldens.ts and by the unit tests' large seeded cases.
import { dynamicMap8, fp4Encode, nf4Encode } from '../../src/core/formats/codebooks.ts';

const f = Math.fround;
const TINY = 2 ** -126;
/** Our kernels' subnormal rule: read and write subnormals as signed zero. */
const z = (v: number) => (Number.isNaN(v) ? NaN : Math.abs(v) < TINY ? (Object.is(v, -0) || v < 0 ? -0 : 0) : v);
const mul = (a: number, b: number) => z(f(z(a) * z(b)));
const div = (a: number, b: number) => z(f(z(a) / z(b)));

function absmaxOf(values: number[]): number {
  let m = 0;
  for (const v of values) {
    const a = Math.abs(z(f(v)));
    if (a > m) m = a; // NaN never compares greater
  }
  return m;
}

export function oracleBnb4(x: Float32Array, type: 'nf4' | 'fp4', blockSize: number): { packed: Uint8Array; absmax: Float32Array } {
  const n = x.length;
  const absmax = new Float32Array(Math.ceil(n / blockSize));
  const codes: number[] = [];
  for (let b = 0; b < absmax.length; b++) {
    const block = Array.from(x.subarray(b * blockSize, (b + 1) * blockSize));
    absmax[b] = absmaxOf(block);
    const r = div(1, absmax[b]!);
    for (const v of block) codes.push((type === 'nf4' ? nf4Encode : fp4Encode)(mul(v, r)));
  }
  if (n % 2 === 1) codes.push((type === 'nf4' ? nf4Encode : fp4Encode)(mul(0, div(1, absmax[absmax.length - 1]!))));
  const packed = new Uint8Array(codes.length / 2);
  for (let i = 0; i < packed.length; i++) packed[i] = (codes[2 * i]! << 4) | codes[2 * i + 1]!;
  return { packed, absmax };
}

export function oracleBlockAbsmax(x: Float32Array, blockSize: number): Float32Array {
  const out = new Float32Array(Math.ceil(x.length / blockSize));
  for (let b = 0; b < out.length; b++) out[b] = absmaxOf(Array.from(x.subarray(b * blockSize, (b + 1) * blockSize)));
  return out;
}

const roundf = (v: number) => (v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5)); // exact for float32 v
const rint = (v: number) => {
  const fl = Math.floor(v);
  const d = v - fl;
  return d > 0.5 || (d === 0.5 && fl % 2 !== 0) ? fl + 1 : fl;
};

/** onnxruntime MLAS BlockwiseQuantizer (columnwise, 4 bits) for a [K, N] matrix. */
export function oracleNBits(w: Float32Array, K: number, N: number, bs: number, symmetric: boolean) {
  const nb = Math.ceil(K / bs);
  const data = new Uint8Array(N * nb * (bs / 2));
  const scales = new Float32Array(N * nb);
  const zeroPoints = new Uint8Array(N * Math.ceil(nb / 2));
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < nb; b++) {
      const ks: number[] = [];
      for (let k = b * bs; k < Math.min(K, (b + 1) * bs); k++) ks.push(k);
      let min = 3.4028234663852886e38;
      let max = -min;
      for (const k of ks) {
        const v = z(w[k * N + n]!);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      let scale: number;
      let zp = 8;
      if (symmetric) {
        scale = div(-(Math.abs(max) > Math.abs(min) ? max : min), 8);
      } else {
        min = 0 < min ? 0 : min;
        max = max < 0 ? 0 : max;
        scale = div(z(f(max - min)), 15);
        const zpf = scale !== 0 ? z(f(0 - div(min, scale))) : min;
        zp = zpf < 0 ? 0 : zpf > 15 ? 15 : roundf(zpf);
        zeroPoints[n * Math.ceil(nb / 2) + (b >> 1)]! |= b % 2 === 0 ? zp : zp << 4;
      }
      scales[n * nb + b] = scale;
      const rcp = scale !== 0 ? div(1, scale) : 0;
      ks.forEach((k, j) => {
        let q = roundf(z(f(mul(w[k * N + n]!, rcp) + zp)));
        q = Number.isNaN(q) ? 0 : Math.min(15, Math.max(0, q));
        data[(n * nb + b) * (bs / 2) + (j >> 1)]! |= j % 2 === 0 ? q : q << 4;
      });
    }
  }
  return symmetric ? { data, scales } : { data, scales, zeroPoints };
}

/** Nearest FP16 / BF16 pattern by brute force over all 65536 patterns (ties → even pattern). */
export function oracleHalf(x: number, format: 'f16' | 'bf16'): number {
  if (Number.isNaN(x)) return format === 'f16' ? 0x7e00 : 0x7fc0;
  const decode = (p: number) => {
    if (format === 'bf16') return new Float32Array(new Uint32Array([p << 16]).buffer)[0]!;
    const e = (p >> 10) & 31;
    const m = p & 1023;
    const s = p & 0x8000 ? -1 : 1;
    if (e === 31) return m ? NaN : s * Infinity;
    return s * (e === 0 ? m * 2 ** -24 : (1024 + m) * 2 ** (e - 25));
  };
  const maxFinite = format === 'f16' ? 65504 : decode(0x7f7f);
  const ulpTop = format === 'f16' ? 32 : 2 ** 120;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= maxFinite + ulpTop / 2) return sign | (format === 'f16' ? 0x7c00 : 0x7f80);
  let best = 0;
  let bestErr = Infinity;
  for (let p = 0; p < 0x7c00 + (format === 'bf16' ? 0x380 : 0); p++) {
    const v = decode(p);
    if (!Number.isFinite(v)) continue;
    const err = Math.abs(v - a);
    if (err < bestErr || (err === bestErr && p % 2 === 0)) {
      best = p;
      bestErr = err;
    }
  }
  return sign | best;
}

/** Dynamic-map code by a linear scan over float32 midpoints (midpoint → lower code). */
export function oracleDynamicCode(s: number): number {
  const map = dynamicMap8();
  let code = 0;
  for (let i = 0; i + 1 < map.length; i++) if (s > f((map[i]! + map[i + 1]!) / 2)) code++;
  return code;
}

/** Magnitude pruning by a stable sort on (|w|, flat index): the first k are zeroed. */
export function oraclePrune(tensors: Float32Array[], amount: number): Float32Array[] {
  const flat = tensors.flatMap((t, ti) => Array.from(t, (v, i) => ({ ti, i, key: Math.abs(v) })));
  const n = flat.length;
  const exact = amount * n;
  const k = Math.abs(exact - Math.trunc(exact) - 0.5) < 1e-12 ? 2 * Math.round(exact / 2) : Math.round(exact);
  const order = flat.map((e, idx) => ({ ...e, idx })).sort((a, b) => {
    const ka = Number.isNaN(a.key) ? Infinity : a.key;
    const kb = Number.isNaN(b.key) ? Infinity : b.key;
    return ka - kb || (Number.isNaN(a.key) ? 1 : 0) - (Number.isNaN(b.key) ? 1 : 0) || a.idx - b.idx;
  });
  const out = tensors.map((t) => t.slice());
  for (const e of order.slice(0, k)) out[e.ti]![e.i] = 0;
  return out;
}

export { rint, roundf };
