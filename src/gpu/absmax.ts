// Host for shaders/absmax.wgsl: block absmax (flat blocks), row absmax and column absmax.
import absmaxSrc from '../../shaders/absmax.wgsl?raw';
import { requireBlockSize, requireNonEmpty, requireShape } from '../core/kernels/validate.ts';
import { chunkRanges, requireFits } from './chunks.ts';
import type { GpuContext } from './device.ts';
import { dispatch, releaseAll, storage, submitAndRead, uniformBuffer, upload, withErrorScopes } from './encode.ts';
import { LIB_F32, shader } from './shader-source.ts';

const ABSMAX = shader('absmax', [LIB_F32, absmaxSrc]);

export type AbsmaxStrategy = 'per_workgroup' | 'per_thread';

export interface AbsmaxArgs {
  groups: number;
  len: number;
  outer: number;
  inner: number;
  n: number;
  src: GPUBuffer;
  out: GPUBuffer;
  strategy?: AbsmaxStrategy;
  workgroupSize?: number;
  timestampWrites?: GPUComputePassTimestampWrites;
}

export function encodeAbsmax(ctx: GpuContext, encoder: GPUCommandEncoder, a: AbsmaxArgs): GPUBuffer {
  // SwiftShader pays dearly for barriers (bench: 50× slower per workgroup); a reduction per
  // workgroup only wins when there are too few groups to fill the device with threads.
  const strategy = a.strategy ?? (a.groups >= 256 ? 'per_thread' : 'per_workgroup');
  const wg = a.workgroupSize ?? 64;
  // Columns of a matrix whose width is a multiple of 4: one invocation per 4 columns (vec4 loads).
  const columns4 = strategy === 'per_thread' && a.outer === 1 && a.inner % 4 === 0 && a.groups % 4 === 0
    && a.groups <= a.inner && a.n === a.len * a.inner;
  const columns16 = columns4 && a.inner % 16 === 0 && a.groups % 16 === 0;
  const entry = columns16 ? 'columns16' : columns4 ? 'columns4' : strategy;
  const pipeline = ctx.pipelines.get(ABSMAX, entry, { WG: wg });
  const params = uniformBuffer(ctx, [{ u: a.groups }, { u: a.len }, { u: a.outer }, { u: a.inner }, { u: a.n }]);
  const perInvocation = columns16 ? 16 : columns4 ? 4 : 1;
  const workgroups = strategy === 'per_workgroup' ? a.groups : Math.ceil(a.groups / perInvocation / wg);
  dispatch(ctx, encoder, pipeline, [params, a.src, a.out], workgroups, { timestampWrites: a.timestampWrites });
  return params;
}

async function runGroups(
  ctx: GpuContext,
  kernel: string,
  x: Float32Array,
  shape: Omit<AbsmaxArgs, 'src' | 'out' | 'n'>,
): Promise<Float32Array> {
  const out = new Float32Array(shape.groups);
  await withErrorScopes(ctx, kernel, async () => {
    const src = upload(ctx, x);
    const outBuf = storage(ctx, shape.groups * 4);
    const encoder = ctx.device.createCommandEncoder();
    const params = encodeAbsmax(ctx, encoder, { ...shape, n: x.length, src, out: outBuf });
    const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: outBuf, bytes: shape.groups * 4 }]);
    out.set(new Float32Array(bytes!));
    releaseAll(ctx, [src, outBuf, params]);
  });
  return out;
}

export async function gpuBlockAbsmax(ctx: GpuContext, x: Float32Array, blockSize: number, strategy?: AbsmaxStrategy): Promise<Float32Array> {
  requireNonEmpty('blockAbsmax', x.length);
  requireBlockSize('blockAbsmax', blockSize);
  const out = new Float32Array(Math.ceil(x.length / blockSize));
  for (const { start, count } of chunkRanges(ctx, 'blockAbsmax', x.length, 4, blockSize)) {
    const part = await runGroups(ctx, 'blockAbsmax', x.subarray(start, start + count), {
      groups: Math.ceil(count / blockSize), len: blockSize, outer: blockSize, inner: 1, strategy,
    });
    out.set(part, start / blockSize);
  }
  return out;
}

/** Row absmax of a row-major [rows, cols] matrix; chunked by whole rows. */
export async function gpuRowAbsmax(ctx: GpuContext, x: Float32Array, rows: number, cols: number): Promise<Float32Array> {
  requireNonEmpty('rowAbsmax', x.length);
  requireShape('rowAbsmax', x.length, rows, cols);
  const out = new Float32Array(rows);
  for (const { start, count } of chunkRanges(ctx, 'rowAbsmax', x.length, 4, cols)) {
    const part = await runGroups(ctx, 'rowAbsmax', x.subarray(start, start + count), {
      groups: count / cols, len: cols, outer: cols, inner: 1,
    });
    out.set(part, start / cols);
  }
  return out;
}

/** Column absmax (one per output channel of an [in, out] initializer). */
export async function gpuColAbsmax(ctx: GpuContext, x: Float32Array, rows: number, cols: number): Promise<Float32Array> {
  requireNonEmpty('colAbsmax', x.length);
  requireShape('colAbsmax', x.length, rows, cols);
  const out = new Float32Array(cols).fill(0);
  // Chunks of whole rows; partial maxima combine exactly (max is order-independent).
  for (const { start, count } of chunkRanges(ctx, 'colAbsmax', x.length, 4, cols)) {
    requireFits(ctx, 'colAbsmax', 'a chunk', count * 4);
    const part = await runGroups(ctx, 'colAbsmax', x.subarray(start, start + count), {
      groups: cols, len: count / cols, outer: 1, inner: cols,
    });
    for (let c = 0; c < cols; c++) if (part[c]! > out[c]!) out[c] = part[c]!;
  }
  return out;
}
