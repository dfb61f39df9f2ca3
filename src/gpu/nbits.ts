// Host for shaders/nbits-quantize.wgsl and nbits-dequantize.wgsl (MatMulNBits 4-bit).
// Chunking: an [N, K] weight is split by output rows; a [K, N] weight by input rows in
// multiples of two blocks (so zero-point bytes never straddle chunks); the host stitches the
// per-chunk [N, blocks, blob] pieces together.
import quantizeSrc from '../../shaders/nbits-quantize.wgsl?raw';
import dequantizeSrc from '../../shaders/nbits-dequantize.wgsl?raw';
import type { WeightLayout } from '../core/kernels/layout.ts';
import { checkNBits, nbitsBlocks, type NBitsOptions, type NBitsQuantized } from '../core/kernels/nbits.ts';
import { requireBlockSize, requireNonEmpty, requireShape } from '../core/kernels/validate.ts';
import { chunkRanges } from './chunks.ts';
import type { GpuContext } from './device.ts';
import { dispatch, releaseAll, storage, submitAndRead, uniformBuffer, upload, withErrorScopes } from './encode.ts';
import { LIB_F32, LIB_HALF, shader } from './shader-source.ts';

const QUANTIZE = shader('nbits-quantize', [LIB_F32, quantizeSrc]);
const DEQUANTIZE = shader('nbits-dequantize', [LIB_F32, LIB_HALF, dequantizeSrc]);

export interface NBitsEncodeArgs {
  K: number;
  N: number;
  blockSize: number;
  symmetric: boolean;
  layout: WeightLayout;
  src: GPUBuffer;
  data: GPUBuffer;
  scales: GPUBuffer;
  /** Must be zero-filled (asymmetric); any 4-byte buffer when symmetric. */
  zeroPoints: GPUBuffer;
  timestampWrites?: GPUComputePassTimestampWrites;
}

export function encodeNBitsQuantize(ctx: GpuContext, encoder: GPUCommandEncoder, a: NBitsEncodeArgs): GPUBuffer {
  const nb = nbitsBlocks(a.K, a.blockSize);
  const [strideK, strideN] = a.layout === 'in-out' ? [a.N, 1] : [1, a.K];
  // [K, N] with N a multiple of 4: one invocation per 4 columns and block (16-byte loads).
  const columns4 = a.layout === 'in-out' && a.N % 4 === 0;
  const pipeline = ctx.pipelines.get(QUANTIZE, columns4 ? 'columns4' : 'main', { WG: 64, BLOCK_SIZE: a.blockSize });
  const params = uniformBuffer(ctx, [{ u: a.K }, { u: a.N }, { u: nb }, { u: strideK }, { u: strideN }, { u: a.symmetric ? 1 : 0 }]);
  dispatch(ctx, encoder, pipeline, [params, a.src, a.data, a.scales, a.zeroPoints], Math.ceil((a.N * nb) / (columns4 ? 4 : 1) / 64), {
    timestampWrites: a.timestampWrites,
  });
  return params;
}

async function quantizeWhole(ctx: GpuContext, w: Float32Array, o: NBitsOptions & { layout: WeightLayout }): Promise<NBitsQuantized> {
  const nb = nbitsBlocks(o.K, o.blockSize);
  const dataBytes = o.N * nb * (o.blockSize / 2);
  const zpBytes = o.N * Math.ceil(nb / 2);
  const src = upload(ctx, w);
  const data = storage(ctx, dataBytes);
  const scales = storage(ctx, o.N * nb * 4);
  const zeroPoints = storage(ctx, o.symmetric ? 4 : Math.ceil(zpBytes / 4) * 4);
  const encoder = ctx.device.createCommandEncoder();
  encoder.clearBuffer(zeroPoints);
  const params = encodeNBitsQuantize(ctx, encoder, { ...o, src, data, scales, zeroPoints });
  const reads = [{ buffer: data, bytes: dataBytes }, { buffer: scales, bytes: o.N * nb * 4 }];
  if (!o.symmetric) reads.push({ buffer: zeroPoints, bytes: zpBytes });
  const [d, s, z] = await submitAndRead(ctx, encoder, reads);
  releaseAll(ctx, [src, data, scales, zeroPoints, params]);
  const base = { K: o.K, N: o.N, blockSize: o.blockSize, data: new Uint8Array(d!), scales: new Float32Array(s!) };
  return z ? { ...base, zeroPoints: new Uint8Array(z) } : base;
}

export async function gpuQuantizeNBits(ctx: GpuContext, w: Float32Array, o: NBitsOptions): Promise<NBitsQuantized> {
  requireNonEmpty('quantizeNBits', w.length);
  requireShape('quantizeNBits', w.length, o.K, o.N);
  requireBlockSize('quantizeNBits', o.blockSize, 16, 4096);
  const layout = o.layout ?? 'in-out';
  const { K, N, blockSize } = o;
  return withErrorScopes(ctx, 'quantizeNBits', async () => {
    if (w.byteLength <= ctx.maxBindingBytes) return quantizeWhole(ctx, w, { ...o, layout });
    const nb = nbitsBlocks(K, blockSize);
    const blob = blockSize / 2;
    const zpRow = Math.ceil(nb / 2);
    const data = new Uint8Array(N * nb * blob);
    const scales = new Float32Array(N * nb);
    const zeroPoints = o.symmetric ? undefined : new Uint8Array(N * zpRow);
    if (layout === 'out-in') {
      for (const { start, count } of chunkRanges(ctx, 'quantizeNBits', w.length, 4, K)) {
        const n0 = start / K;
        const part = await quantizeWhole(ctx, w.subarray(start, start + count), { ...o, N: count / K, layout });
        data.set(part.data, n0 * nb * blob);
        scales.set(part.scales, n0 * nb);
        zeroPoints?.set(part.zeroPoints!, n0 * zpRow);
      }
    } else {
      for (const { start, count } of chunkRanges(ctx, 'quantizeNBits', w.length, 4, 2 * blockSize * N)) {
        const k0 = start / N;
        const part = await quantizeWhole(ctx, w.subarray(start, start + count), { ...o, K: count / N, layout });
        const pnb = nbitsBlocks(count / N, blockSize);
        const b0 = k0 / blockSize;
        for (let n = 0; n < N; n++) {
          data.set(part.data.subarray(n * pnb * blob, (n + 1) * pnb * blob), (n * nb + b0) * blob);
          scales.set(part.scales.subarray(n * pnb, (n + 1) * pnb), n * nb + b0);
          const pz = Math.ceil(pnb / 2);
          zeroPoints?.set(part.zeroPoints!.subarray(n * pz, (n + 1) * pz), n * zpRow + b0 / 2);
        }
      }
    }
    return zeroPoints ? { K, N, blockSize, data, scales, zeroPoints } : { K, N, blockSize, data, scales };
  });
}

export interface NBitsDequantArgs {
  q: { K: number; N: number; blockSize: number; hasZeroPoints: boolean };
  layout: WeightLayout;
  f16: boolean;
  data: GPUBuffer;
  scales: GPUBuffer;
  zeroPoints: GPUBuffer;
  out: GPUBuffer;
  timestampWrites?: GPUComputePassTimestampWrites;
}

export function encodeNBitsDequantize(ctx: GpuContext, encoder: GPUCommandEncoder, a: NBitsDequantArgs): GPUBuffer {
  const { K, N, blockSize } = a.q;
  // float32: one invocation per (n, block); FP16 pairs: one per two output elements.
  const perBlock = !a.f16;
  const wg = perBlock ? 64 : 256;
  const pipeline = ctx.pipelines.get(DEQUANTIZE, perBlock ? 'per_block' : 'main', { WG: wg, BLOCK_SIZE: blockSize, OUT_F16: a.f16 ? 1 : 0 });
  const nb = nbitsBlocks(K, blockSize);
  const params = uniformBuffer(ctx, [
    { u: K }, { u: N }, { u: nb }, { u: a.layout === 'in-out' ? 1 : 0 }, { u: a.q.hasZeroPoints ? 1 : 0 },
  ]);
  const invocations = perBlock ? N * nb : Math.ceil((K * N) / 2);
  dispatch(ctx, encoder, pipeline, [params, a.data, a.scales, a.zeroPoints, a.out], Math.ceil(invocations / wg), {
    timestampWrites: a.timestampWrites,
  });
  return params;
}

async function dequantizeWhole(ctx: GpuContext, q: NBitsQuantized, layout: WeightLayout, f16: boolean): Promise<ArrayBuffer> {
  const total = q.K * q.N;
  const data = upload(ctx, q.data);
  const scales = upload(ctx, q.scales);
  const zeroPoints = q.zeroPoints ? upload(ctx, q.zeroPoints) : storage(ctx, 4);
  const out = storage(ctx, f16 ? Math.ceil(total / 2) * 4 : total * 4);
  const encoder = ctx.device.createCommandEncoder();
  const params = encodeNBitsDequantize(ctx, encoder, {
    q: { K: q.K, N: q.N, blockSize: q.blockSize, hasZeroPoints: !!q.zeroPoints }, layout, f16, data, scales, zeroPoints, out,
  });
  const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: out, bytes: total * (f16 ? 2 : 4) }]);
  releaseAll(ctx, [data, scales, zeroPoints, out, params]);
  return bytes!;
}

/** Dequantize to a [K, N] ('in-out', default) or [N, K] matrix of float32 or FP16 bits. */
export async function gpuDequantizeNBits(ctx: GpuContext, q: NBitsQuantized, layout: WeightLayout, f16: false): Promise<Float32Array>;
export async function gpuDequantizeNBits(ctx: GpuContext, q: NBitsQuantized, layout: WeightLayout, f16: true): Promise<Uint16Array>;
export async function gpuDequantizeNBits(ctx: GpuContext, q: NBitsQuantized, layout: WeightLayout, f16: boolean): Promise<Float32Array | Uint16Array> {
  checkNBits(q, 'dequantizeNBits');
  const { K, N, blockSize } = q;
  const make = (b: ArrayBuffer | number) => (f16 ? new Uint16Array(b as ArrayBuffer) : new Float32Array(b as ArrayBuffer));
  return withErrorScopes(ctx, 'dequantizeNBits', async () => {
    if (K * N * 4 <= ctx.maxBindingBytes) return make(await dequantizeWhole(ctx, q, layout, f16));
    // Chunk by output columns n (contiguous in B, scales and zero points), then scatter.
    const nb = nbitsBlocks(K, blockSize);
    const blob = blockSize / 2;
    const zpRow = Math.ceil(nb / 2);
    const out = f16 ? new Uint16Array(K * N) : new Float32Array(K * N);
    for (const { start, count } of chunkRanges(ctx, 'dequantizeNBits', K * N, 4, K)) {
      const n0 = start / K;
      const n1 = n0 + count / K;
      const sub: NBitsQuantized = {
        K, N: n1 - n0, blockSize,
        data: q.data.subarray(n0 * nb * blob, n1 * nb * blob),
        scales: q.scales.subarray(n0 * nb, n1 * nb),
        ...(q.zeroPoints ? { zeroPoints: q.zeroPoints.subarray(n0 * zpRow, n1 * zpRow) } : {}),
      };
      const part = make(await dequantizeWhole(ctx, sub, layout, f16));
      if (layout === 'out-in') out.set(part, n0 * K);
      else for (let k = 0; k < K; k++) out.set(part.subarray(k * (n1 - n0), (k + 1) * (n1 - n0)), k * N + n0);
    }
    return out;
  });
}
