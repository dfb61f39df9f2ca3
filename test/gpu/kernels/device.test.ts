// The device owner: explicit limits, pipeline cache, chunk budget, device loss, named errors.
import { describe, expect, it } from 'vitest';
import { KernelInputError } from '../../../src/core/kernels/errors.ts';
import * as cpu from '../../../src/core/kernels/index.ts';
import { normalSample } from '../../../src/core/random.ts';
import { gpuBlockAbsmax } from '../../../src/gpu/absmax.ts';
import { gpuCopyF32 } from '../../../src/gpu/convert.ts';
import { GpuOwner } from '../../../src/gpu/device.ts';
import { GpuDeviceLostError } from '../../../src/gpu/errors.ts';
import { createKernels } from '../../../src/gpu/kernels.ts';
import { expectSameBytes } from '../../kernels/context.ts';

describe('GPU device owner', () => {
  it('requests the adapter limits explicitly (bindings above the 128 MiB default)', async () => {
    const owner = new GpuOwner();
    const ctx = await owner.context();
    const adapter = (await navigator.gpu.requestAdapter())!;
    expect(ctx.device.limits.maxStorageBufferBindingSize).toBe(adapter.limits.maxStorageBufferBindingSize);
    expect(ctx.maxBindingBytes).toBeGreaterThan(128 << 20);
    owner.dispose();
  });

  it('lowers the binding budget on request, so tests reach the chunked path', async () => {
    const owner = new GpuOwner({ maxChunkBytes: 100_000 });
    expect((await owner.context()).maxBindingBytes).toBe(99_840);
    owner.dispose();
  });

  it('caches pipelines by shader and override constants only', async () => {
    const owner = new GpuOwner();
    const ctx = await owner.context();
    const x = normalSample(10_000, 1);
    await gpuBlockAbsmax(ctx, x, 64);
    const after = ctx.pipelines.size;
    await gpuBlockAbsmax(ctx, normalSample(777, 2), 64); // other sizes: same pipeline (uniforms)
    expect(ctx.pipelines.size).toBe(after);
    await gpuBlockAbsmax(ctx, x, 64, 'per_thread');
    expect(ctx.pipelines.size).toBe(after + 1);
    owner.dispose();
  });

  it('copies every element with both copy entry points (the yardstick and the 256-byte one)', async () => {
    const owner = new GpuOwner();
    const ctx = await owner.context();
    for (const n of [1, 63, 64, 65, 4097, 1_048_593]) {
      const x = normalSample(n, n);
      expectSameBytes(await gpuCopyF32(ctx, x), x);
      expectSameBytes(await gpuCopyF32(ctx, x, true), x);
    }
    owner.dispose();
  });

  it('computes the same absmax with one workgroup per block and one thread per block', async () => {
    const owner = new GpuOwner();
    const ctx = await owner.context();
    const x = normalSample(100_001, 3);
    for (const b of [32, 64, 4096]) {
      expectSameBytes(await gpuBlockAbsmax(ctx, x, b, 'per_thread'), cpu.blockAbsmax(x, b));
      expectSameBytes(await gpuBlockAbsmax(ctx, x, b, 'per_workgroup'), cpu.blockAbsmax(x, b));
    }
    owner.dispose();
  });

  it('re-acquires the device once after a loss, then stops with GpuDeviceLostError', async () => {
    const kernels = createKernels({ backend: 'webgpu' });
    const x = normalSample(1000, 4);
    expect((await kernels.copy(x)).backend).toBe('webgpu');
    kernels.gpu.simulateLoss();
    const again = await kernels.copy(x);
    expect(again.backend).toBe('webgpu');
    expectSameBytes(again.value, x);
    kernels.gpu.simulateLoss();
    await expect(kernels.copy(x)).rejects.toBeInstanceOf(GpuDeviceLostError);
    await expect(kernels.copy(x)).rejects.toThrow(/lost twice/);
  });

  it('reports tensors over the device budget with a named error where it cannot chunk', async () => {
    const kernels = createKernels({ backend: 'webgpu', maxChunkBytes: 4096 });
    const x = normalSample(4096, 5);
    const e = await kernels.structuredSums(x, 64, 64, 'column', 'l1').then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(KernelInputError);
    expect((e as KernelInputError).code).toBe('too-large');
    await expect(kernels.doubleQuantize(x)).rejects.toMatchObject({ code: 'too-large' });
    // …and chunks where it can: the same bytes as the CPU reference.
    expectSameBytes((await kernels.f32ToHalfBits(x, 'bf16')).value, cpu.f32ToHalfBits(x, 'bf16'));
    expectSameBytes((await kernels.blockAbsmax(x, 64)).value, cpu.blockAbsmax(x, 64));
    kernels.dispose();
  });
});
