// Compiling a compute pipeline costs SwiftShader 50–400 ms, paid by the first variant that needs
// it (the first fp4 build took ~0.4 s longer than the second). The worker runs this once after a
// model loads, so the student pays it while reading the load result instead of on every first
// build. Each call uses the options the lesson's recipes use, so the same pipeline variants
// (shader, entry point, override constants) land in the cache; the results are thrown away.
import type { KernelBackend } from '../core/recipes/backend.ts';
import type { Kernels } from './kernels.ts';

/** A small [in, out] weight with no ties and both signs, shaped like a Linear layer. */
function sampleWeight(inFeatures: number, outFeatures: number): Float32Array {
  const w = new Float32Array(inFeatures * outFeatures);
  for (let i = 0; i < w.length; i++) w[i] = Math.sin(i * 12.9898 + 1) * 0.05;
  return w;
}

export async function warmUpKernels(backend: KernelBackend, kernels: Kernels, checkpoint?: () => Promise<void>): Promise<void> {
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
    () => kernels.errorMetrics(w, w),
  ];
  for (const step of steps) {
    await checkpoint?.();
    await step();
  }
}
