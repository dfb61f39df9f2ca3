// Chunking: a tensor larger than one binding (maxStorageBufferBindingSize / maxBufferSize, or
// the owner's lower test budget) is processed as consecutive element ranges whose length is a
// multiple of the kernel's tile, so blocks never straddle chunks.
import { KernelInputError } from '../core/kernels/errors.ts';
import type { GpuContext } from './device.ts';

export interface Chunk {
  start: number;
  count: number;
}

/** Element ranges of at most maxBindingBytes / bytesPerElement, each a multiple of `tile`. */
export function chunkRanges(ctx: GpuContext, kernel: string, n: number, bytesPerElement: number, tile: number): Chunk[] {
  const perChunk = Math.floor(ctx.maxBindingBytes / bytesPerElement / tile) * tile;
  if (perChunk <= 0) {
    throw new KernelInputError(
      'too-large',
      kernel,
      `a tile of ${tile} elements within one binding (${ctx.maxBindingBytes} bytes)`,
      `${tile * bytesPerElement} bytes per tile`,
    );
  }
  const out: Chunk[] = [];
  for (let start = 0; start < n; start += perChunk) out.push({ start, count: Math.min(perChunk, n - start) });
  return out;
}

/** Throws the named error for a buffer that cannot be split and does not fit one binding. */
export function requireFits(ctx: GpuContext, kernel: string, what: string, bytes: number): void {
  if (bytes > ctx.maxBindingBytes) {
    throw new KernelInputError('too-large', kernel, `${what} of at most ${ctx.maxBindingBytes} bytes (one binding)`, `${bytes} bytes`);
  }
}
