// The one owner of the WebGPU adapter and device. It requests the limits the kernels need
// explicitly (the defaults cap a binding at 128 MiB; BERT's word embedding is 89 MB and a
// whole model's weights are 340 MB), keeps the buffer pool and pipeline cache, turns
// `device.lost` into one silent re-acquisition and then a named error, and tells hosts how
// big a chunk may be (optionally lowered, so tests can exercise the chunked path).
import { BufferPool } from './buffer-pool.ts';
import { GpuDeviceLostError, GpuUnavailableError } from './errors.ts';
import { PipelineCache } from './pipelines.ts';

export interface GpuOwnerOptions {
  /** Upper bound for one binding / buffer in bytes (below the device limit; for tests). */
  maxChunkBytes?: number;
  powerPreference?: GPUPowerPreference;
}

export class GpuContext {
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  /** Largest storage binding a kernel may use, in bytes (a multiple of 256). */
  readonly maxBindingBytes: number;
  readonly maxWorkgroupsPerDimension: number;
  readonly maxInvocations: number;
  readonly hasTimestamps: boolean;
  lost = false;

  constructor(readonly device: GPUDevice, readonly adapterInfo: string, options: GpuOwnerOptions) {
    const limits = device.limits;
    const cap = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, options.maxChunkBytes ?? Infinity);
    this.maxBindingBytes = Math.floor(cap / 256) * 256;
    this.maxWorkgroupsPerDimension = limits.maxComputeWorkgroupsPerDimension;
    this.maxInvocations = limits.maxComputeInvocationsPerWorkgroup;
    this.hasTimestamps = device.features.has('timestamp-query');
    this.pool = new BufferPool(device);
    this.pipelines = new PipelineCache(device);
  }
}

export function webgpuAvailable(): boolean {
  return typeof navigator !== 'undefined' && 'gpu' in navigator && !!(navigator as Navigator & { gpu?: GPU }).gpu;
}

export class GpuOwner {
  private current: GpuContext | null = null;
  private pending: Promise<GpuContext> | null = null;
  private losses = 0;
  private lastLoss = { reason: '', message: '' };

  constructor(private readonly options: GpuOwnerOptions = {}) {}

  /** The live context; re-acquires once after a loss, then throws GpuDeviceLostError. */
  async context(): Promise<GpuContext> {
    if (this.current && !this.current.lost) return this.current;
    if (this.losses > 1) throw new GpuDeviceLostError(this.lastLoss.reason, this.lastLoss.message);
    this.pending ??= this.acquire().finally(() => (this.pending = null));
    return this.pending;
  }

  /** Runs fn on the device; if the device is lost during it, retries once on a new device. */
  async run<T>(fn: (ctx: GpuContext) => Promise<T>): Promise<T> {
    const ctx = await this.context();
    try {
      return await fn(ctx);
    } catch (error) {
      if (!ctx.lost) throw error;
      return fn(await this.context());
    }
  }

  /** Test hook: destroy the device as a driver reset would (counts as a loss). */
  simulateLoss(): void {
    if (!this.current) return;
    this.markLost(this.current, 'unknown', 'simulated device loss');
    this.current.device.destroy();
  }

  dispose(): void {
    if (this.current) {
      this.current.pool.clear();
      this.current.lost = true;
      this.current.device.destroy();
      this.current = null;
    }
  }

  private markLost(ctx: GpuContext, reason: string, message: string): void {
    if (ctx.lost) return;
    ctx.lost = true;
    this.losses++;
    this.lastLoss = { reason, message };
  }

  private async acquire(): Promise<GpuContext> {
    if (!webgpuAvailable()) throw new GpuUnavailableError('no-webgpu', 'navigator.gpu is missing');
    const gpu = (navigator as Navigator & { gpu: GPU }).gpu;
    const adapter = await gpu.requestAdapter(
      this.options.powerPreference ? { powerPreference: this.options.powerPreference } : undefined,
    );
    if (!adapter) throw new GpuUnavailableError('no-adapter', 'requestAdapter() returned null');
    const a = adapter.limits;
    const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
    let device: GPUDevice;
    try {
      device = await adapter.requestDevice({
        requiredFeatures,
        requiredLimits: {
          maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
          maxBufferSize: a.maxBufferSize,
          maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
          maxComputeInvocationsPerWorkgroup: a.maxComputeInvocationsPerWorkgroup,
          maxComputeWorkgroupSizeX: a.maxComputeWorkgroupSizeX,
          maxStorageBuffersPerShaderStage: a.maxStorageBuffersPerShaderStage,
        },
      });
    } catch (error) {
      throw new GpuUnavailableError('device-failed', String(error));
    }
    const info = adapter.info ? `${adapter.info.vendor} ${adapter.info.architecture} ${adapter.info.description}`.trim() : '';
    const ctx = new GpuContext(device, info, this.options);
    void device.lost.then((lost) => {
      // A destroy() we asked for (dispose) is not a loss; a simulated one was counted already.
      if (lost.reason !== 'destroyed') this.markLost(ctx, lost.reason, lost.message);
      ctx.lost = true;
    });
    this.current = ctx;
    return ctx;
  }
}
