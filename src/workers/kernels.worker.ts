// Worker entry: runs kernel requests off the UI thread on WebGPU (CPU reference fallback).
/// <reference lib="webworker" />
import { KernelInputError } from '../core/kernels/errors.ts';
import { createKernels, type Kernels } from '../gpu/kernels.ts';
import { collectTransferables, isKernelOp, type KernelRequest, type KernelResponse, type SerializedError } from './kernel-protocol.ts';

let kernels: Kernels = createKernels();

function serialize(error: unknown): SerializedError {
  if (error instanceof KernelInputError) {
    return { name: error.name, message: error.message, code: error.code, kernel: error.kernel, expected: error.expected, given: error.given };
  }
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

const post = (response: KernelResponse, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(response, transfer);

self.onmessage = async (event: MessageEvent<KernelRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'configure') {
      kernels.dispose();
      kernels = createKernels(request.options);
      post({ type: 'configured', id: request.id });
      return;
    }
    if (!isKernelOp(request.op)) throw new Error(`unknown kernel operation ${String(request.op)}`);
    const method = kernels[request.op] as (...args: unknown[]) => Promise<unknown>;
    const result = await method.apply(kernels, request.args as unknown[]);
    post({ type: 'result', id: request.id, result: result as never }, collectTransferables(result));
  } catch (error) {
    post({ type: 'error', id: request.id, error: serialize(error) });
  }
};
