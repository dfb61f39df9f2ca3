// The kernel warm-up at a model load: its prefetch list must name exactly the pipelines the
// lesson recipes' kernel options compile, or the parallel prefetch silently stops covering
// a recipe and that recipe's first build pays the compile again.
import { describe, expect, it } from 'vitest';
import type { KernelBackend } from '../../../src/core/recipes/backend.ts';
import { createGpuBackend } from '../../../src/gpu/kernel-backend.ts';
import { createKernels, type Kernels } from '../../../src/gpu/kernels.ts';
import { shaderNamed } from '../../../src/gpu/shader-source.ts';
import { LESSON_PIPELINES } from '../../../src/gpu/warm-up.ts';

/** Runs every kernel once on a small [in, out] weight (no ties, both signs) with the recipes' options. */
async function runEveryLessonKernel(backend: KernelBackend, kernels: Kernels): Promise<void> {
  const K = 64;
  const N = 64;
  const w = new Float32Array(K * N).map((_, i) => Math.sin(i * 12.9898 + 1) * 0.05);
  await backend.toFloat16(w);
  await backend.quantizeBnb4(w, { type: 'nf4', blockSize: 64, layout: 'in-out', rows: K, cols: N });
  await backend.quantizeBnb4(w, { type: 'fp4', blockSize: 64, layout: 'in-out', rows: K, cols: N });
  await backend.doubleQuantize(new Float32Array(256).map((_, i) => 0.01 + i * 1e-4));
  await backend.quantizeNBits(w, { K, N, blockSize: 32, symmetric: true, layout: 'in-out' });
  await backend.quantizeNBits(w, { K, N, blockSize: 32, symmetric: false, layout: 'in-out' });
  await backend.quantizeInt8Rowwise(w, { rows: K, cols: N, layout: 'in-out' });
  await backend.quantizeInt8PerChannel(w, K, N);
  await backend.l1PruneMasks([w], 0.2);
  await backend.l1PruneMasks([w, w.subarray(0, 1024)], 0.3);
  await backend.twoOfFourMask(w, K, N);
  await backend.structuredSums(w, K, N, 'column', 'l2');
  await kernels.errorMetrics(w, w);
}

describe('kernel warm-up', () => {
  it('LESSON_PIPELINES names exactly the pipelines the recipes\' kernel options compile', async () => {
    const kernels = createKernels({ backend: 'webgpu' });
    const ctx = await kernels.gpu.context();
    await runEveryLessonKernel(createGpuBackend(kernels), kernels);
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
