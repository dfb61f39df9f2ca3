// The typed request/response protocol between the UI thread and kernels.worker.ts.
// Operations are exactly the public methods of Kernels (src/gpu/kernels.ts), named in a
// whitelist the worker checks; arguments and results travel by structured clone, and the
// worker transfers result buffers instead of copying them.
import type { KernelInputErrorCode } from '../core/kernels/errors.ts';
import type { Kernels, KernelsOptions } from '../gpu/kernels.ts';

export const KERNEL_OPS = [
  'blockAbsmax', 'rowAbsmax', 'colAbsmax',
  'quantizeBnb4', 'quantizeBnb4Matrix', 'dequantizeBnb4',
  'doubleQuantize', 'dequantizeDoubleQuant',
  'quantizeNBits', 'dequantizeNBits',
  'quantizeInt8Rowwise', 'dequantizeInt8Rowwise', 'quantizeInt8PerChannel', 'dequantizeInt8PerChannel',
  'f32ToHalfBits', 'copy',
  'pruneGlobal', 'prunePerTensor', 'prune24', 'structuredScores', 'headScores', 'structuredSums',
  'histogram', 'errorMetrics', 'countZeros',
] as const satisfies ReadonlyArray<keyof Kernels>;

export type KernelOp = (typeof KERNEL_OPS)[number];
export type KernelArgs<K extends KernelOp> = Parameters<Kernels[K]>;
export type KernelResult<K extends KernelOp> = Awaited<ReturnType<Kernels[K]>>;

export interface ConfigureRequest {
  type: 'configure';
  id: number;
  options: KernelsOptions;
}

export interface RunRequest<K extends KernelOp = KernelOp> {
  type: 'run';
  id: number;
  op: K;
  args: KernelArgs<K>;
}

export type KernelRequest = ConfigureRequest | RunRequest;

/** An error as it crosses the worker boundary; the client turns it back into its class. */
export interface SerializedError {
  name: string;
  message: string;
  code?: KernelInputErrorCode | string;
  kernel?: string;
  expected?: string;
  given?: string;
}

export type KernelResponse =
  | { type: 'configured'; id: number }
  | { type: 'result'; id: number; result: KernelResult<KernelOp> }
  | { type: 'error'; id: number; error: SerializedError };

export function isKernelOp(op: unknown): op is KernelOp {
  return typeof op === 'string' && (KERNEL_OPS as readonly string[]).includes(op);
}

/** Every distinct ArrayBuffer inside a result (typed arrays in objects and arrays). */
export function collectTransferables(value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) collectTransferables(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collectTransferables(v, out);
  }
  return [...out];
}
