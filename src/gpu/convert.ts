// Host for shaders/convert.wgsl (float32 → FP16/BF16 bits) and shaders/copy.wgsl.
import convertSrc from '../../shaders/convert.wgsl?raw';
import copySrc from '../../shaders/copy.wgsl?raw';
import type { HalfFormat } from '../core/kernels/convert.ts';
import { requireNonEmpty } from '../core/kernels/validate.ts';
import { chunkRanges } from './chunks.ts';
import type { GpuContext } from './device.ts';
import { dispatch, releaseAll, storage, submitAndRead, uniformBuffer, upload, withErrorScopes } from './encode.ts';
import { LIB_HALF, shader } from './shader-source.ts';

const CONVERT = shader('convert', [LIB_HALF, convertSrc]);
const COPY = shader('copy', [copySrc]);

export function encodeConvert(
  ctx: GpuContext, encoder: GPUCommandEncoder,
  a: { n: number; format: HalfFormat; src: GPUBuffer; out: GPUBuffer; timestampWrites?: GPUComputePassTimestampWrites },
): GPUBuffer {
  const pipeline = ctx.pipelines.get(CONVERT, 'main', { WG: 64, TARGET_BF16: a.format === 'bf16' ? 1 : 0 });
  const params = uniformBuffer(ctx, [{ u: a.n }]);
  dispatch(ctx, encoder, pipeline, [params, a.src, a.out], Math.ceil(a.n / 8 / 64), { timestampWrites: a.timestampWrites });
  return params;
}

export async function gpuF32ToHalfBits(ctx: GpuContext, x: Float32Array, format: HalfFormat): Promise<Uint16Array> {
  requireNonEmpty('f32ToHalfBits', x.length);
  const out = new Uint16Array(x.length);
  await withErrorScopes(ctx, 'f32ToHalfBits', async () => {
    for (const { start, count } of chunkRanges(ctx, 'f32ToHalfBits', x.length, 4, 512)) {
      // Whole 16-byte words: the shader reads and writes 8 elements at a time.
      const src = upload(ctx, x.subarray(start, start + count), Math.ceil(count / 4) * 16);
      const outBuf = storage(ctx, Math.ceil(count / 8) * 16);
      const encoder = ctx.device.createCommandEncoder();
      const params = encodeConvert(ctx, encoder, { n: count, format, src, out: outBuf });
      const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: outBuf, bytes: count * 2 }]);
      out.set(new Uint16Array(bytes!), start);
      releaseAll(ctx, [src, outBuf, params]);
    }
  });
  return out;
}

/** Copies `bytes` (a multiple of 16) from src to out. */
export function encodeCopy(
  ctx: GpuContext, encoder: GPUCommandEncoder,
  a: { bytes: number; src: GPUBuffer; out: GPUBuffer; wide?: boolean; timestampWrites?: GPUComputePassTimestampWrites },
): GPUBuffer {
  const pipeline = ctx.pipelines.get(COPY, a.wide ? 'main_wide' : 'main', { WG: 256 });
  const words = Math.ceil(a.bytes / 16);
  const params = uniformBuffer(ctx, [{ u: words }]);
  dispatch(ctx, encoder, pipeline, [params, a.src, a.out], Math.ceil(words / (a.wide ? 16 * 256 : 256)), { timestampWrites: a.timestampWrites });
  return params;
}

/** `wide` runs the benchmark's 256-bytes-per-invocation copy (main_wide) instead of the yardstick. */
export async function gpuCopyF32(ctx: GpuContext, x: Float32Array, wide = false): Promise<Float32Array> {
  requireNonEmpty('copyF32', x.length);
  const out = new Float32Array(x.length);
  await withErrorScopes(ctx, 'copyF32', async () => {
    for (const { start, count } of chunkRanges(ctx, 'copyF32', x.length, 4, 64)) {
      const bytes = Math.ceil(count / 4) * 16;
      const src = upload(ctx, x.subarray(start, start + count), bytes);
      const outBuf = storage(ctx, bytes);
      const encoder = ctx.device.createCommandEncoder();
      const params = encodeCopy(ctx, encoder, { bytes, src, out: outBuf, wide });
      const [read] = await submitAndRead(ctx, encoder, [{ buffer: outBuf, bytes: count * 4 }]);
      out.set(new Float32Array(read!), start);
      releaseAll(ctx, [src, outBuf, params]);
    }
  });
  return out;
}
