// Small helpers every kernel host uses: uniforms, bind groups, 2-D dispatch (a dimension holds
// at most 65535 workgroups), uploads, read-backs and error scopes.
import type { GpuContext } from './device.ts';
import { GpuKernelError } from './errors.ts';

export const STORAGE = 0x80 | 0x08 | 0x04; // STORAGE | COPY_DST | COPY_SRC (constants avoid a global in Node)
const UNIFORM = 0x40 | 0x08; // UNIFORM | COPY_DST
const READBACK = 0x01 | 0x08; // MAP_READ | COPY_DST

export type UniformField = { u: number } | { f: number } | { i: number };

/** A uniform buffer holding 4-byte fields in order (the struct in the shader must match). */
export function uniformBuffer(ctx: GpuContext, fields: UniformField[]): GPUBuffer {
  const bytes = Math.max(16, Math.ceil((fields.length * 4) / 16) * 16);
  const view = new DataView(new ArrayBuffer(bytes));
  fields.forEach((field, i) => {
    if ('u' in field) view.setUint32(i * 4, field.u >>> 0, true);
    else if ('i' in field) view.setInt32(i * 4, field.i, true);
    else view.setFloat32(i * 4, field.f, true);
  });
  const buffer = ctx.pool.acquire(bytes, UNIFORM, 'uniforms');
  ctx.device.queue.writeBuffer(buffer, 0, view.buffer);
  return buffer;
}

/** Workgroup counts as a 2-D grid; the shader flattens with wid.x + wid.y · nwg.x. */
export function grid(ctx: GpuContext, workgroups: number): [number, number] {
  const x = Math.max(1, Math.min(workgroups, ctx.maxWorkgroupsPerDimension));
  return [x, Math.max(1, Math.ceil(workgroups / x))];
}

export interface PassOptions {
  timestampWrites?: GPUComputePassTimestampWrites;
}

/** Records one compute pass: bindings 0..n-1 in order (binding 0 is usually the uniforms). */
export function dispatch(
  ctx: GpuContext,
  encoder: GPUCommandEncoder,
  pipeline: GPUComputePipeline,
  buffers: GPUBuffer[],
  workgroups: number,
  options: PassOptions = {},
): void {
  const bindGroup = ctx.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const pass = encoder.beginComputePass(options.timestampWrites ? { timestampWrites: options.timestampWrites } : {});
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  const [x, y] = grid(ctx, workgroups);
  pass.dispatchWorkgroups(x, y);
  pass.end();
}

/** A pooled storage buffer holding `data` (padded to 4 bytes), at least `minBytes` long. */
export function upload(ctx: GpuContext, data: ArrayBufferView, minBytes = 0): GPUBuffer {
  const buffer = ctx.pool.acquire(Math.max(data.byteLength, minBytes, 4), STORAGE, 'data');
  const padded = data.byteLength % 4 === 0 ? data : padTo4(data);
  ctx.device.queue.writeBuffer(buffer, 0, padded.buffer, padded.byteOffset, padded.byteLength);
  return buffer;
}

function padTo4(data: ArrayBufferView): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.byteLength / 4) * 4);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return out;
}

export function storage(ctx: GpuContext, bytes: number, label = 'out'): GPUBuffer {
  return ctx.pool.acquire(Math.max(bytes, 4), STORAGE, label);
}

/** Copies `bytes` of each buffer to mappable staging, submits `encoder`, and returns the bytes. */
export async function submitAndRead(
  ctx: GpuContext,
  encoder: GPUCommandEncoder,
  reads: Array<{ buffer: GPUBuffer; bytes: number }>,
): Promise<ArrayBuffer[]> {
  const staging = reads.map(({ bytes }) => ctx.pool.acquire(Math.ceil(Math.max(bytes, 4) / 4) * 4, READBACK, 'readback'));
  reads.forEach(({ buffer, bytes }, i) => encoder.copyBufferToBuffer(buffer, 0, staging[i]!, 0, Math.ceil(Math.max(bytes, 4) / 4) * 4));
  ctx.device.queue.submit([encoder.finish()]);
  const out = await Promise.all(
    staging.map(async (s, i) => {
      await s.mapAsync(GPUMapMode.READ);
      const copy = s.getMappedRange(0, Math.ceil(Math.max(reads[i]!.bytes, 4) / 4) * 4).slice(0, reads[i]!.bytes);
      s.unmap();
      return copy;
    }),
  );
  staging.forEach((s) => ctx.pool.release(s));
  return out;
}

/**
 * Like submitAndRead, but every buffer is copied into ONE staging buffer that is mapped once:
 * one round trip however many buffers (each costs milliseconds on SwiftShader). Returns their
 * bytes concatenated in order; every size must be a multiple of 4 (copy alignment).
 */
export async function submitAndReadConcat(
  ctx: GpuContext,
  encoder: GPUCommandEncoder,
  reads: Array<{ buffer: GPUBuffer; bytes: number }>,
): Promise<ArrayBuffer> {
  const total = reads.reduce((s, r) => s + r.bytes, 0);
  const staging = ctx.pool.acquire(Math.max(total, 4), READBACK, 'readback');
  let offset = 0;
  for (const { buffer, bytes } of reads) {
    if (bytes % 4 !== 0) throw new Error(`internal: a read of ${bytes} bytes is not a multiple of 4`);
    if (bytes > 0) encoder.copyBufferToBuffer(buffer, 0, staging, offset, bytes);
    offset += bytes;
  }
  ctx.device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = staging.getMappedRange(0, Math.max(total, 4)).slice(0, total);
  staging.unmap();
  ctx.pool.release(staging);
  return copy;
}

/** Runs fn inside validation and out-of-memory error scopes; a captured error becomes GpuKernelError. */
export async function withErrorScopes<T>(ctx: GpuContext, kernel: string, fn: () => Promise<T>): Promise<T> {
  ctx.device.pushErrorScope('out-of-memory');
  ctx.device.pushErrorScope('validation');
  // The scopes must be popped whatever fn did; a captured GPU error explains more than the
  // JS error it caused, so it wins.
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await fn() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const validation = await ctx.device.popErrorScope();
  const oom = await ctx.device.popErrorScope();
  if (validation) throw new GpuKernelError(kernel, 'validation', validation.message);
  if (oom) throw new GpuKernelError(kernel, 'out-of-memory', oom.message);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Releases pooled buffers after the queue is done with them. */
export function releaseAll(ctx: GpuContext, buffers: GPUBuffer[]): void {
  for (const b of buffers) ctx.pool.release(b);
}
