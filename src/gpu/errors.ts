// Named GPU errors: each says what happened and what the user can do next.

export type GpuUnavailableCode = 'no-webgpu' | 'no-adapter' | 'device-failed';

export class GpuUnavailableError extends Error {
  override readonly name = 'GpuUnavailableError';
  constructor(readonly code: GpuUnavailableCode, detail: string) {
    super(
      `WebGPU is not available (${code}): ${detail}. The kernels fall back to the CPU reference; ` +
        'for GPU speed use a browser with WebGPU enabled (chrome://gpu shows its status).',
    );
  }
}

export class GpuDeviceLostError extends Error {
  override readonly name = 'GpuDeviceLostError';
  constructor(readonly reason: string, detail: string) {
    super(
      `The GPU device was lost twice (${reason}: ${detail}); bitlab stopped re-acquiring it. ` +
        'Reload the page; if it keeps happening, close other GPU-heavy tabs or use the CPU backend.',
    );
  }
}

export class GpuKernelError extends Error {
  override readonly name = 'GpuKernelError';
  constructor(readonly kernel: string, readonly code: 'validation' | 'out-of-memory' | 'internal', detail: string) {
    super(`${kernel}: the GPU rejected the work (${code}): ${detail}`);
  }
}
