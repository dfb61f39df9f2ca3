// The kernel warm-up at a model load: its prefetch list must name exactly the pipelines the
// lesson recipes' kernel options compile, or the parallel prefetch silently stops covering
// a recipe and that recipe's first build pays the compile again.
import { describe, expect, it } from 'vitest';
import { createGpuBackend } from '../../../src/gpu/kernel-backend.ts';
import { createKernels } from '../../../src/gpu/kernels.ts';
import { shaderNamed } from '../../../src/gpu/shader-source.ts';
import { LESSON_PIPELINES, runWarmUpSteps } from '../../../src/gpu/warm-up.ts';

describe('kernel warm-up', () => {
  it('LESSON_PIPELINES names exactly the pipelines the recipes\' kernel options compile', async () => {
    const kernels = createKernels({ backend: 'webgpu' });
    const ctx = await kernels.gpu.context();
    await runWarmUpSteps(createGpuBackend(kernels), kernels);
    expect([...ctx.pipelines.keys()].sort()).toEqual([...LESSON_PIPELINES].sort());
    kernels.dispose();
  });

  it('prefetch compiles the named pipelines in parallel and skips names it cannot resolve', async () => {
    const kernels = createKernels({ backend: 'webgpu' });
    const ctx = await kernels.gpu.context();
    await kernels.prunePerTensor([new Float32Array(8).fill(1)], 0.5); // registers the prune shaders' module
    const before = ctx.pipelines.size;
    await ctx.pipelines.prefetch([...LESSON_PIPELINES, 'no-such-shader:main:', 'malformed'], shaderNamed);
    expect(ctx.pipelines.size).toBe(new Set([...ctx.pipelines.keys(), ...LESSON_PIPELINES]).size);
    expect(ctx.pipelines.size).toBeGreaterThanOrEqual(before);
    expect(ctx.pipelines.keys()).not.toContain('no-such-shader:main:');
    kernels.dispose();
  });
});
