// The benchmarked kernels: each records its GPU passes on preallocated buffers, counts the
// bytes its passes read and write, and names the CPU reference it is compared with.
import * as cpu from '../../src/core/kernels/index.ts';
import { encodeAbsmax } from '../../src/gpu/absmax.ts';
import { encodeBnb4Dequantize, encodeBnb4Quantize } from '../../src/gpu/bnb4.ts';
import { encodeConvert, encodeCopy } from '../../src/gpu/convert.ts';
import type { GpuContext } from '../../src/gpu/device.ts';
import { encodeInt8Quantize, llmInt8Scales } from '../../src/gpu/int8.ts';
import { encodeNBitsDequantize, encodeNBitsQuantize } from '../../src/gpu/nbits.ts';
import { encodePruneHistogram } from '../../src/gpu/prune.ts';
import { encodeBnb4QuantizeBound } from './bnb4-bound.ts';

export interface Shape {
  n: number;
  rows: number;
  cols: number;
}

/** Timestamp writes for the first and last pass of a kernel (the same pass when it has one). */
export interface Stamps {
  first?: GPUComputePassTimestampWrites;
  last?: GPUComputePassTimestampWrites;
  only?: GPUComputePassTimestampWrites;
}

export interface PreparedCase {
  encode(encoder: GPUCommandEncoder, stamps: Stamps): void;
  dispose(): void;
}

export interface BenchCase {
  name: string;
  /** Skip above this many elements (a variant too slow to time at 85 M on SwiftShader). */
  maxN?: number;
  /** Bytes the GPU passes read + write. */
  bytes(s: Shape): number;
  prepare(ctx: GpuContext, s: Shape, input: GPUBuffer): PreparedCase;
  /** The CPU reference on the first `s.n` elements of x. */
  cpu(x: Float32Array, s: Shape): unknown;
}

const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;

function buffers(ctx: GpuContext, sizes: number[]): GPUBuffer[] {
  return sizes.map((size) => ctx.device.createBuffer({ size: Math.max(16, Math.ceil(size / 16) * 16), usage: STORAGE }));
}

function prepared(list: GPUBuffer[], encode: PreparedCase['encode']): PreparedCase {
  return { encode, dispose: () => list.forEach((b) => b.destroy()) };
}

const one = (s: Stamps) => s.only ?? s.first ?? s.last;

export const BENCH_CASES: BenchCase[] = [
  {
    name: 'copy (yardstick)',
    bytes: (s) => 8 * s.n,
    prepare(ctx, s, input) {
      const [out] = buffers(ctx, [4 * s.n]);
      return prepared([out!], (enc, st) => encodeCopy(ctx, enc, { bytes: 4 * s.n, src: input, out: out!, timestampWrites: one(st) }));
    },
    cpu: (x, s) => x.slice(0, s.n),
  },
  {
    // Not a kernel of the app: how much faster than the plain yardstick a copy can go here.
    name: 'copy, 256 B per invocation (reference)',
    bytes: (s) => 8 * s.n,
    prepare(ctx, s, input) {
      const [out] = buffers(ctx, [4 * s.n]);
      return prepared([out!], (enc, st) => encodeCopy(ctx, enc, { bytes: 4 * s.n, src: input, out: out!, wide: true, timestampWrites: one(st) }));
    },
    cpu: (x, s) => x.slice(0, s.n),
  },
  ...(['per_workgroup', 'per_thread'] as const).map((strategy): BenchCase => ({
    name: `absmax b64 (${strategy === 'per_workgroup' ? '64 threads/block' : '1 thread/block'})`,
    ...(strategy === 'per_workgroup' ? { maxN: 1 << 20 } : {}),
    bytes: (s) => 4 * s.n + s.n / 16,
    prepare(ctx, s, input) {
      const [out] = buffers(ctx, [s.n / 16]);
      return prepared([out!], (enc, st) =>
        encodeAbsmax(ctx, enc, { groups: s.n / 64, len: 64, outer: 64, inner: 1, n: s.n, src: input, out: out!, strategy, timestampWrites: one(st) }));
    },
    cpu: (x, s) => cpu.blockAbsmax(x.subarray(0, s.n), 64),
  })),
  ...(['nf4', 'fp4'] as const).map((type): BenchCase => ({
    name: `bnb4 ${type} quantize b64`,
    bytes: (s) => 4 * s.n + s.n / 2 + s.n / 16,
    prepare(ctx, s, input) {
      const [packed, absmax] = buffers(ctx, [s.n / 2, s.n / 16]);
      return prepared([packed!, absmax!], (enc, st) =>
        encodeBnb4Quantize(ctx, enc, { n: s.n, blockSize: 64, nf4: type === 'nf4', src: input, packed: packed!, absmax: absmax!, timestampWrites: one(st) }));
    },
    cpu: (x, s) => cpu.quantizeBnb4(x.subarray(0, s.n), { type }),
  })),
  {
    // Not a kernel of the app: NF4 quantize with the encoder replaced by a shift (same loads,
    // absmax, 1/absmax, scaling, packing and stores). Its ratio bounds what any encoder could
    // reach on this device; the note uses it to explain the gap to the target.
    name: 'bnb4 quantize b64, encoder removed (bound)',
    bytes: (s) => 4 * s.n + s.n / 2 + s.n / 16,
    prepare(ctx, s, input) {
      const [packed, absmax] = buffers(ctx, [s.n / 2, s.n / 16]);
      return prepared([packed!, absmax!], (enc, st) => encodeBnb4QuantizeBound(ctx, enc, { n: s.n, src: input, packed: packed!, absmax: absmax!, timestampWrites: one(st) }));
    },
    cpu: (x, s) => cpu.quantizeBnb4(x.subarray(0, s.n), { type: 'nf4' }),
  },
  {
    name: 'bnb4 nf4 dequantize → f32',
    bytes: (s) => s.n / 2 + s.n / 16 + 4 * s.n,
    prepare(ctx, s, input) {
      const [packed, absmax, out] = buffers(ctx, [s.n / 2, s.n / 16, 4 * s.n]);
      const enc = ctx.device.createCommandEncoder();
      encodeBnb4Quantize(ctx, enc, { n: s.n, blockSize: 64, nf4: true, src: input, packed: packed!, absmax: absmax! });
      ctx.device.queue.submit([enc.finish()]);
      return prepared([packed!, absmax!, out!], (e, st) =>
        encodeBnb4Dequantize(ctx, e, { n: s.n, blockSize: 64, nf4: true, f16: false, packed: packed!, absmax: absmax!, out: out!, timestampWrites: one(st) }));
    },
    cpu: (x, s) => {
      const q = cpu.quantizeBnb4(x.subarray(0, s.n), { type: 'nf4' });
      const t0 = performance.now();
      cpu.dequantizeBnb4(q);
      return performance.now() - t0; // a number: the timed part only
    },
  },
  ...([true, false] as const).map((symmetric): BenchCase => ({
    name: `MatMulNBits q4 ${symmetric ? 'sym' : 'asym'} quantize b32`,
    bytes: (s) => 4 * s.n + s.n / 2 + s.n / 8 + (symmetric ? 0 : s.n / 64),
    prepare(ctx, s, input) {
      const [data, scales, zp] = buffers(ctx, [s.n / 2, s.n / 8, s.n / 64 + 16]);
      return prepared([data!, scales!, zp!], (enc, st) => {
        enc.clearBuffer(zp!);
        encodeNBitsQuantize(ctx, enc, { K: s.rows, N: s.cols, blockSize: 32, symmetric, layout: 'in-out', src: input, data: data!, scales: scales!, zeroPoints: zp!, timestampWrites: one(st) });
      });
    },
    cpu: (x, s) => cpu.quantizeNBits(x.subarray(0, s.n), { K: s.rows, N: s.cols, blockSize: 32, symmetric }),
  })),
  {
    name: 'MatMulNBits q4 dequantize → f32',
    bytes: (s) => s.n / 2 + s.n / 8 + 4 * s.n,
    prepare(ctx, s, input) {
      const [data, scales, zp, out] = buffers(ctx, [s.n / 2, s.n / 8, 16, 4 * s.n]);
      const enc = ctx.device.createCommandEncoder();
      encodeNBitsQuantize(ctx, enc, { K: s.rows, N: s.cols, blockSize: 32, symmetric: true, layout: 'in-out', src: input, data: data!, scales: scales!, zeroPoints: zp! });
      ctx.device.queue.submit([enc.finish()]);
      return prepared([data!, scales!, zp!, out!], (e, st) =>
        encodeNBitsDequantize(ctx, e, { q: { K: s.rows, N: s.cols, blockSize: 32, hasZeroPoints: false }, layout: 'in-out', f16: false, data: data!, scales: scales!, zeroPoints: zp!, out: out!, timestampWrites: one(st) }));
    },
    cpu: (x, s) => {
      const q = cpu.quantizeNBits(x.subarray(0, s.n), { K: s.rows, N: s.cols, blockSize: 32, symmetric: true });
      const t0 = performance.now();
      cpu.dequantizeNBits(q);
      return performance.now() - t0;
    },
  },
  {
    name: 'LLM.int8 quantize (row absmax + codes)',
    bytes: (s) => 4 * s.n + 4 * s.n + s.n,
    prepare(ctx, s, input) {
      const [absmax, scale, codes] = buffers(ctx, [4 * s.rows, 4 * s.rows, s.n]);
      ctx.device.queue.writeBuffer(scale!, 0, llmInt8Scales(new Float32Array(s.rows).fill(3)).scale as Float32Array<ArrayBuffer>);
      return prepared([absmax!, scale!, codes!], (enc, st) => {
        encodeAbsmax(ctx, enc, { groups: s.rows, len: s.cols, outer: s.cols, inner: 1, n: s.n, src: input, out: absmax!, timestampWrites: st.first });
        encodeInt8Quantize(ctx, enc, { mode: 'rowwise', n: s.n, inF: s.cols, outF: s.rows, transposed: false, src: input, scale: scale!, codes: codes!, timestampWrites: st.last });
      });
    },
    cpu: (x, s) => cpu.quantizeInt8Rowwise(x.subarray(0, s.n), { rows: s.rows, cols: s.cols, layout: 'out-in' }),
  },
  {
    name: 'int8 per-channel quantize (col absmax + x/scale)',
    bytes: (s) => 4 * s.n + 4 * s.n + s.n,
    prepare(ctx, s, input) {
      const [absmax, scale, codes] = buffers(ctx, [4 * s.cols, 4 * s.cols, s.n]);
      ctx.device.queue.writeBuffer(scale!, 0, new Float32Array(s.cols).fill(0.025));
      return prepared([absmax!, scale!, codes!], (enc, st) => {
        encodeAbsmax(ctx, enc, { groups: s.cols, len: s.rows, outer: 1, inner: s.cols, n: s.n, src: input, out: absmax!, strategy: 'per_thread', timestampWrites: st.first });
        encodeInt8Quantize(ctx, enc, { mode: 'per-channel', n: s.n, inF: 0, outF: s.cols, transposed: false, src: input, scale: scale!, codes: codes!, timestampWrites: st.last });
      });
    },
    cpu: (x, s) => cpu.quantizeInt8PerChannel(x.subarray(0, s.n), s.rows, s.cols),
  },
  ...(['f16', 'bf16'] as const).map((format): BenchCase => ({
    name: `f32 → ${format} bits`,
    bytes: (s) => 6 * s.n,
    prepare(ctx, s, input) {
      const [out] = buffers(ctx, [2 * s.n]);
      return prepared([out!], (enc, st) => encodeConvert(ctx, enc, { n: s.n, format, src: input, out: out!, timestampWrites: one(st) }));
    },
    cpu: (x, s) => cpu.f32ToHalfBits(x.subarray(0, s.n), format),
  })),
  {
    name: 'prune: one radix-select pass',
    bytes: (s) => 4 * s.n,
    prepare(ctx, s, input) {
      const [hist] = buffers(ctx, [1024]);
      return prepared([hist!], (enc, st) => encodePruneHistogram(ctx, enc, { n: s.n, pass: 0, prefix: 0, src: input, hist: hist!, timestampWrites: one(st) }));
    },
    cpu: (x, s) => {
      const t0 = performance.now();
      cpu.selectMagnitude([x.subarray(0, s.n)], Math.round(0.4 * s.n));
      return (performance.now() - t0) / 4; // the reference does 4 such passes
    },
  },
];
