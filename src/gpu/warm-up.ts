// Compiling a compute pipeline costs SwiftShader 10–400 ms (bnb4 quantize ~370 ms each), paid by
// the first variant that needs it. When a model load starts, the worker starts compiling every
// pipeline the lesson's recipes use, all at once (prefetchLessonPipelines), so compilation
// overlaps the load and Dawn spreads it over its worker threads; builds then find them cached.
import type { Kernels } from './kernels.ts';
import { shaderNamed } from './shader-source.ts';

/**
 * Every pipeline (shader, entry point, override constants) the lesson's recipes compile with
 * their default options. test/gpu/kernels/warm-up.test.ts runs each kernel once with those
 * options on a fresh device and checks that exactly these keys appear, so the list cannot go
 * stale silently.
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

/**
 * Starts compiling the lesson's pipelines (all at once) without running any kernel: the worker
 * calls it when a model load starts, so compilation overlaps the download and parsing.
 * Never rejects: a pipeline that fails here is compiled (and reported) by its first real use.
 */
export async function prefetchLessonPipelines(kernels: Kernels): Promise<void> {
  if (kernels.preferred !== 'webgpu') return;
  await kernels.gpu.run((ctx) => ctx.pipelines.prefetch(LESSON_PIPELINES, shaderNamed)).catch(() => undefined);
}
