// The UI's handle on the kernels: typed calls that run in kernels.worker.ts, or on the main
// thread where workers are unavailable (same API, same errors).
import { KernelInputError, type KernelInputErrorCode } from '../core/kernels/errors.ts';
import { GpuDeviceLostError, GpuKernelError, GpuUnavailableError } from '../gpu/errors.ts';
import { createKernels, type Kernels, type KernelsOptions } from '../gpu/kernels.ts';
import type { KernelArgs, KernelOp, KernelRequest, KernelResponse, KernelResult, SerializedError } from './kernel-protocol.ts';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface KernelClient {
  run<K extends KernelOp>(op: K, ...args: KernelArgs<K>): Promise<KernelResult<K>>;
  configure(options: KernelsOptions): Promise<void>;
  dispose(): void;
}

/** Rebuilds the named error class on this side of the boundary. */
export function deserializeError(e: SerializedError): Error {
  if (e.name === 'KernelInputError') {
    return new KernelInputError(e.code as KernelInputErrorCode, e.kernel ?? '', e.expected ?? '', e.given ?? '');
  }
  const error = new Error(e.message);
  error.name = e.name;
  if (e.code) (error as Error & { code?: string }).code = e.code;
  // Keep instanceof working for the GPU error classes the UI distinguishes.
  const proto = { GpuDeviceLostError, GpuKernelError, GpuUnavailableError }[e.name as 'GpuDeviceLostError'];
  if (proto) Object.setPrototypeOf(error, proto.prototype);
  return error;
}

export class WorkerKernelClient implements KernelClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<KernelResponse>) => {
      const response = event.data;
      const entry = this.pending.get(response.id);
      if (!entry) return;
      this.pending.delete(response.id);
      if (response.type === 'error') entry.reject(deserializeError(response.error));
      else entry.resolve(response.type === 'result' ? response.result : undefined);
    };
    worker.onerror = (event) => {
      const error = new Error(`kernel worker failed: ${event.message}`);
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
    };
  }

  private send<T>(request: WithoutId<KernelRequest>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  run<K extends KernelOp>(op: K, ...args: KernelArgs<K>): Promise<KernelResult<K>> {
    return this.send({ type: 'run', op, args } as WithoutId<KernelRequest>);
  }

  configure(options: KernelsOptions): Promise<void> {
    return this.send({ type: 'configure', options });
  }

  dispose(): void {
    this.worker.terminate();
    for (const entry of this.pending.values()) entry.reject(new Error('kernel client disposed'));
    this.pending.clear();
  }
}

/** Same API on the calling thread (no worker support, or tests). */
export class InlineKernelClient implements KernelClient {
  private kernels: Kernels;
  constructor(options: KernelsOptions = {}) {
    this.kernels = createKernels(options);
  }
  run<K extends KernelOp>(op: K, ...args: KernelArgs<K>): Promise<KernelResult<K>> {
    const method = this.kernels[op] as (...a: unknown[]) => Promise<KernelResult<K>>;
    return method.apply(this.kernels, args as unknown[]);
  }
  async configure(options: KernelsOptions): Promise<void> {
    this.kernels.dispose();
    this.kernels = createKernels(options);
  }
  dispose(): void {
    this.kernels.dispose();
  }
}

/** The kernel worker (Vite bundles it as an ES module worker), or the inline fallback. */
export function createKernelClient(options: KernelsOptions = {}): KernelClient {
  if (typeof Worker === 'undefined') return new InlineKernelClient(options);
  const worker = new Worker(new URL('./kernels.worker.ts', import.meta.url), { type: 'module' });
  const client = new WorkerKernelClient(worker);
  if (Object.keys(options).length > 0) void client.configure(options);
  return client;
}
