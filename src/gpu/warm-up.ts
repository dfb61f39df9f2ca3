// Compiling a compute pipeline costs SwiftShader 10–400 ms (bnb4 quantize ~370 ms each), paid by
// the first variant that needs it. When a model load starts, the worker starts compiling every
// pipeline the lesson's recipes use, all at once (prefetchLessonPipelines), so compilation
// overlaps the load and Dawn spreads it over its worker threads; builds then find them cached.
import type { KernelBackend } from '../core/recipes/backend.ts';
import type { Kernels } from './kernels.ts';
import { shaderNamed } from './shader-source.ts';

/**
 * The pipelines the steps below compile (tested: a fresh device that runs the steps ends with
 * exactly these). warmUpKernels starts them all at once first, so Dawn compiles them in
 * parallel; the steps then find them cached.
 */
export const LESSON_PIPELINES: readonly string[] = [
  'convert:main:TARGET_BF16=0,WG=64',
  'bnb4-quantize:main:BLOCK_SIZE=64,NF4=1,WG=64',
  'bnb4-quantize:main:BLOCK_SIZE=64,NF4=0,WG=64',
  'double-quant:quantize:',
  'nbits-quantize:columns4:BLOCK_SIZE=32,WG=64',
  'absmax:per_workgroup:WG=64',
  'int8-quantize:main:MODE=0,WG=256',
  'int8-quantize:cols16:MODE=1,WG=256',
  'prune-histogram:main:ITEMS=256',
  'prune-apply:main:PER_THREAD=64',
  'prune-ties:main:PER_THREAD=64',
  'prune-24:main:WG=256',
  'structured-sums:main:L2=1,WG=64',
  'error-metrics:main:ITEMS=64',
];

/** A small [in, out] weight with no ties and both signs, shaped like a Linear layer. */
function sampleWeight(inFeatures: number, outFeatures: number): Float32Array {
  const w = new Float32Array(inFeatures * outFeatures);
  for (let i = 0; i < w.length; i++) w[i] = Math.sin(i * 12.9898 + 1) * 0.05;
  return w;
}

/**
 * Runs each kernel once on a small weight with the options the lesson's recipes use. The worker
 * no longer needs this (prefetchLessonPipelines compiles the same pipelines in parallel, and the
 * tiny runs only added round trips); the test runs it on a fresh device to prove that
 * LESSON_PIPELINES is exactly what the recipes compile.
 */
export async function runWarmUpSteps(backend: KernelBackend, kernels: Kernels, checkpoint?: () => Promise<void>): Promise<void> {
  const K = 64;
  const N = 64;
  const w = sampleWeight(K, N);
  const steps: Array<() => Promise<unknown>> = [
    () => backend.toFloat16(w),
    () => backend.quantizeBnb4(w, { type: 'nf4', blockSize: 64, layout: 'in-out', rows: K, cols: N }),
    () => backend.quantizeBnb4(w, { type: 'fp4', blockSize: 64, layout: 'in-out', rows: K, cols: N }),
    () => backend.doubleQuantize(new Float32Array(256).map((_, i) => 0.01 + i * 1e-4)),
    () => backend.quantizeNBits(w, { K, N, blockSize: 32, symmetric: true, layout: 'in-out' }),
    () => backend.quantizeNBits(w, { K, N, blockSize: 32, symmetric: false, layout: 'in-out' }),
    () => backend.quantizeInt8Rowwise(w, { rows: K, cols: N, layout: 'in-out' }),
    () => backend.quantizeInt8PerChannel(w, K, N),
    () => backend.l1PruneMasks([w], 0.2),
    () => backend.l1PruneMasks([w, w.subarray(0, 1024)], 0.3),
    () => backend.twoOfFourMask(w, K, N),
    () => backend.structuredSums(w, K, N, 'column', 'l2'),
    () => kernels.errorMetrics(w, w),
  ];
  for (const step of steps) {
    await checkpoint?.();
    await step();
  }
}

/**
 * Starts compiling the lesson's pipelines (all at once) without running any kernel: the worker
 * calls it when a model load starts, so compilation overlaps the download and parsing.
 * Never rejects: a pipeline that fails here is compiled (and reported) by its first real use.
 */
export async function prefetchLessonPipelines(kernels: Kernels): Promise<void> {
  if (kernels.preferred !== 'webgpu') return;
  await kernels.gpu.run((ctx) => ctx.pipelines.prefetch(LESSON_PIPELINES, shaderNamed)).catch(() => undefined);
}
