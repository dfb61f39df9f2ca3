// Without WebGPU (Node) the same API runs the CPU reference and says so.
import { describe, expect, it } from 'vitest';
import { normalSample } from '../../../src/core/random.ts';
import { createKernels } from '../../../src/gpu/kernels.ts';
import { GpuUnavailableError } from '../../../src/gpu/errors.ts';

describe('kernel API without WebGPU', () => {
  it("falls back to the CPU reference under 'auto' and reports backend 'cpu'", async () => {
    const kernels = createKernels();
    expect(kernels.preferred).toBe('cpu');
    const r = await kernels.quantizeBnb4(normalSample(65, 1), { type: 'nf4' });
    expect(r.backend).toBe('cpu');
    expect(r.value.packed.length).toBe(33);
  });
  it("refuses to fall back when 'webgpu' is demanded", async () => {
    const kernels = createKernels({ backend: 'webgpu' });
    await expect(kernels.copy(new Float32Array(4))).rejects.toBeInstanceOf(GpuUnavailableError);
  });
});
