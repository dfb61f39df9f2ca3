// Host for shaders/bnb4-quantize.wgsl and bnb4-dequantize.wgsl (bitsandbytes NF4/FP4).
import quantizeSrc from '../../shaders/bnb4-quantize.wgsl?raw';
import dequantizeSrc from '../../shaders/bnb4-dequantize.wgsl?raw';
import {
  DEFAULT_BNB4_BLOCK,
  checkBnb4,
  type Bnb4MatrixOptions,
  type Bnb4Options,
  type Bnb4Quantized,
} from '../core/kernels/bnb4.ts';
import { transposeF32 } from '../core/kernels/layout.ts';
import { requireBlockSize, requireNonEmpty, requireShape } from '../core/kernels/validate.ts';
import { chunkRanges } from './chunks.ts';
import type { GpuContext } from './device.ts';
import { dispatch, releaseAll, storage, submitAndRead, uniformBuffer, upload, withErrorScopes } from './encode.ts';
import { LIB_F32, LIB_HALF, shader } from './shader-source.ts';
import { BNB4_DECODE_TABLES, BNB4_ENCODE_TABLES } from './tables.ts';

const QUANTIZE = shader('bnb4-quantize', [LIB_F32, BNB4_ENCODE_TABLES, quantizeSrc]);
const DEQUANTIZE = shader('bnb4-dequantize', [LIB_F32, LIB_HALF, BNB4_DECODE_TABLES, dequantizeSrc]);
export const BNB4_QUANT_WG = 64;

export interface Bnb4EncodeArgs {
  n: number;
  blockSize: number;
  nf4: boolean;
  src: GPUBuffer;
  packed: GPUBuffer;
  absmax: GPUBuffer;
  /** Set when src is an [in, out] initializer read transposed. */
  transposed?: { inFeatures: number; outFeatures: number };
  workgroupSize?: number;
  timestampWrites?: GPUComputePassTimestampWrites;
}

/** Chunk granularity: whole blocks, and whole output words (8 elements). */
export function bnb4Tile(blockSize: number): number {
  return blockSize;
}

/** Records the quantize pass (no upload or read-back): for hosts and the benchmark. */
export function encodeBnb4Quantize(ctx: GpuContext, encoder: GPUCommandEncoder, a: Bnb4EncodeArgs): GPUBuffer {
  const wg = a.workgroupSize ?? BNB4_QUANT_WG;
  const pipeline = ctx.pipelines.get(QUANTIZE, 'main', { WG: wg, BLOCK_SIZE: a.blockSize, NF4: a.nf4 ? 1 : 0 });
  const params = uniformBuffer(ctx, [
    { u: a.n },
    { u: a.transposed ? 1 : 0 },
    { u: a.transposed?.inFeatures ?? 0 },
    { u: a.transposed?.outFeatures ?? 0 },
  ]);
  const blocks = Math.ceil(a.n / a.blockSize);
  dispatch(ctx, encoder, pipeline, [params, a.src, a.packed, a.absmax], Math.ceil(blocks / wg), { timestampWrites: a.timestampWrites });
  return params;
}

export async function gpuQuantizeBnb4(ctx: GpuContext, x: Float32Array, options: Bnb4Options): Promise<Bnb4Quantized> {
  return quantizeFlat(ctx, x, options, undefined);
}

/** A 2-D weight; an [in, out] initializer is read transposed by the shader when it fits one binding. */
export async function gpuQuantizeBnb4Matrix(ctx: GpuContext, x: Float32Array, o: Bnb4MatrixOptions): Promise<Bnb4Quantized> {
  requireShape('quantizeBnb4Matrix', x.length, o.rows, o.cols);
  if (o.layout === 'out-in') return quantizeFlat(ctx, x, o, undefined);
  if (x.byteLength > ctx.maxBindingBytes) {
    // Too big to read transposed from one binding: transpose on the CPU, then chunk.
    return quantizeFlat(ctx, transposeF32(x, o.rows, o.cols), o, undefined);
  }
  return quantizeFlat(ctx, x, o, { inFeatures: o.rows, outFeatures: o.cols });
}

async function quantizeFlat(
  ctx: GpuContext,
  x: Float32Array,
  options: Bnb4Options,
  transposed: Bnb4EncodeArgs['transposed'],
): Promise<Bnb4Quantized> {
  const blockSize = options.blockSize ?? DEFAULT_BNB4_BLOCK;
  requireNonEmpty('quantizeBnb4', x.length);
  requireBlockSize('quantizeBnb4', blockSize);
  const n = x.length;
  const packed = new Uint8Array(Math.ceil(n / 2));
  const absmax = new Float32Array(Math.ceil(n / blockSize));
  const tile = bnb4Tile(blockSize);
  const chunks = transposed ? [{ start: 0, count: n }] : chunkRanges(ctx, 'quantizeBnb4', n, 4, tile);
  await withErrorScopes(ctx, 'quantizeBnb4', async () => {
    for (const { start, count } of chunks) {
      const src = upload(ctx, x.subarray(start, start + count), Math.ceil(count / 4) * 16);
      const packedBuf = storage(ctx, Math.ceil(count / 8) * 4);
      const absmaxBuf = storage(ctx, Math.ceil(count / blockSize) * 4);
      const encoder = ctx.device.createCommandEncoder();
      const params = encodeBnb4Quantize(ctx, encoder, {
        n: count, blockSize, nf4: options.type === 'nf4', src, packed: packedBuf, absmax: absmaxBuf, transposed,
      });
      const [p, a] = await submitAndRead(ctx, encoder, [
        { buffer: packedBuf, bytes: Math.ceil(count / 2) },
        { buffer: absmaxBuf, bytes: Math.ceil(count / blockSize) * 4 },
      ]);
      packed.set(new Uint8Array(p!), start / 2);
      absmax.set(new Float32Array(a!), start / blockSize);
      releaseAll(ctx, [src, packedBuf, absmaxBuf, params]);
    }
  });
  return { type: options.type, blockSize, n, packed, absmax };
}

export interface Bnb4DequantArgs {
  n: number;
  blockSize: number;
  nf4: boolean;
  f16: boolean;
  packed: GPUBuffer;
  absmax: GPUBuffer;
  out: GPUBuffer;
  timestampWrites?: GPUComputePassTimestampWrites;
}

export function encodeBnb4Dequantize(ctx: GpuContext, encoder: GPUCommandEncoder, a: Bnb4DequantArgs): GPUBuffer {
  const pipeline = ctx.pipelines.get(DEQUANTIZE, 'main', {
    WG: 64, BLOCK_SIZE: a.blockSize, NF4: a.nf4 ? 1 : 0, OUT_F16: a.f16 ? 1 : 0,
  });
  const params = uniformBuffer(ctx, [{ u: a.n }]);
  // One invocation per block.
  dispatch(ctx, encoder, pipeline, [params, a.packed, a.absmax, a.out], Math.ceil(a.n / a.blockSize / 64), {
    timestampWrites: a.timestampWrites,
  });
  return params;
}

/** Dequantize to float32 values (f16 = false) or FP16 bit patterns (f16 = true). */
export async function gpuDequantizeBnb4(ctx: GpuContext, q: Bnb4Quantized, f16: false): Promise<Float32Array>;
export async function gpuDequantizeBnb4(ctx: GpuContext, q: Bnb4Quantized, f16: true): Promise<Uint16Array>;
export async function gpuDequantizeBnb4(ctx: GpuContext, q: Bnb4Quantized, f16: boolean): Promise<Float32Array | Uint16Array> {
  checkBnb4(q, 'dequantizeBnb4');
  const { n, blockSize } = q;
  const outBytes = f16 ? 2 : 4;
  const out = f16 ? new Uint16Array(n) : new Float32Array(n);
  const chunks = chunkRanges(ctx, 'dequantizeBnb4', n, 4, Math.max(blockSize, 2048));
  await withErrorScopes(ctx, 'dequantizeBnb4', async () => {
    for (const { start, count } of chunks) {
      const packed = upload(ctx, q.packed.subarray(start / 2, Math.ceil((start + count) / 2)));
      const absmax = upload(ctx, q.absmax.subarray(start / blockSize, Math.ceil((start + count) / blockSize)));
      const outBuf = storage(ctx, Math.ceil(count / 8) * 8 * outBytes);
      const encoder = ctx.device.createCommandEncoder();
      const params = encodeBnb4Dequantize(ctx, encoder, { n: count, blockSize, nf4: q.type === 'nf4', f16, packed, absmax, out: outBuf });
      const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: outBuf, bytes: count * outBytes }]);
      out.set(f16 ? new Uint16Array(bytes!) : new Float32Array(bytes!), start);
      releaseAll(ctx, [packed, absmax, outBuf, params]);
    }
  });
  return out;
}
