// The recipes' KernelBackend on the WGSL kernels: compressModel(model, recipe, { backend })
// then does its numeric work on WebGPU and writes byte-identical tensors to cpuBackend (the
// kernels are bit-exact to the CPU references; test/gpu/pipeline/backend-identity.test.ts
// compares every initializer of every recipe). The Kernels object falls back to the CPU
// reference per call when WebGPU is unavailable; `ranOn` records what actually ran, so the UI
// can say "built on WebGPU" only when it is true.
import { cpuBackend, type KernelBackend } from '../core/recipes/backend.ts';
import { twoOfFourMask } from '../core/recipes/prune-select.ts';
import type { Backend, Kernels, Ran } from './kernels.ts';

export interface GpuKernelBackend extends KernelBackend {
  /** Backends that ran at least one call (empty before the first call). */
  readonly ranOn: ReadonlySet<Backend>;
  /** Awaited before every kernel call: throw from it to cancel a compression between layers. */
  checkpoint?: () => Promise<void> | void;
}

/** Keep-mask from a pruned copy: pruned weights became +0, every kept weight is unchanged. */
function maskFromPruned(original: Float32Array, pruned: Float32Array): Uint8Array {
  const a = new Uint32Array(original.buffer, original.byteOffset, original.length);
  const b = new Uint32Array(pruned.buffer, pruned.byteOffset, pruned.length);
  const mask = new Uint8Array(original.length);
  // A weight that was already +0 reads as "kept"; either way the recipe writes +0 there.
  for (let i = 0; i < a.length; i++) mask[i] = a[i] === b[i] ? 1 : 0;
  return mask;
}

export interface GpuBackendOptions {
  /** Awaited before every kernel call: throw from it to cancel between layers. */
  checkpoint?: () => Promise<void> | void;
  /**
   * Tensors with fewer elements use the CPU reference (same bytes). 0 (default): everything
   * goes to the kernels. Routing vectors (biases, LayerNorm) to the CPU measured no faster on
   * SwiftShader, so the app keeps the default and every tensor runs on WebGPU.
   */
  cpuBelow?: number;
}

/** What the kernels return for a mask: pruned weights +0, the rest unchanged. */
function applyMask(w: Float32Array, mask: Uint8Array): Float32Array {
  return w.map((v, i) => (mask[i] ? v : 0));
}

export function createGpuBackend(kernels: Kernels, options: GpuBackendOptions = {}): GpuKernelBackend {
  const { checkpoint, cpuBelow = 0 } = options;
  const ranOn = new Set<Backend>();
  const call = async <T>(n: number, work: () => Promise<Ran<T>>, onCpu: () => Promise<T>): Promise<T> => {
    await checkpoint?.();
    if (n < cpuBelow) {
      ranOn.add('cpu');
      return onCpu();
    }
    const ran = await work();
    ranOn.add(ran.backend);
    return ran.value;
  };
  const l1PruneMasks = async (tensors: readonly Float32Array[], amount: number): Promise<Uint8Array[]> => {
    const n = tensors.reduce((s, t) => s + t.length, 0);
    const onCpu = () => cpuBackend.l1PruneMasks(tensors, amount);
    if (tensors.length === 1) {
      const perTensor = await call(n, () => kernels.prunePerTensor(tensors, amount), () => onCpu().then((m) => m.map((mask) => ({ pruned: [applyMask(tensors[0]!, mask)] }))));
      return [maskFromPruned(tensors[0]!, perTensor[0]!.pruned[0]!)];
    }
    const result = await call(n, () => kernels.pruneGlobal(tensors, amount), () => onCpu().then((masks) => ({ pruned: masks.map((m, i) => applyMask(tensors[i]!, m)) })));
    return tensors.map((t, i) => maskFromPruned(t, result.pruned[i]!));
  };
  return {
    name: 'webgpu',
    ranOn,
    checkpoint,
    quantizeBnb4: (w, o) => call(w.length, () => kernels.quantizeBnb4Matrix(w, o), () => cpuBackend.quantizeBnb4(w, o)),
    doubleQuantize: (absmax) => call(absmax.length, () => kernels.doubleQuantize(absmax), () => cpuBackend.doubleQuantize(absmax)),
    quantizeNBits: (w, o) => call(w.length, () => kernels.quantizeNBits(w, o), () => cpuBackend.quantizeNBits(w, o)),
    quantizeInt8Rowwise: (w, o) => call(w.length, () => kernels.quantizeInt8Rowwise(w, o), () => cpuBackend.quantizeInt8Rowwise(w, o)),
    quantizeInt8PerChannel: (w, rows, cols) => call(w.length, () => kernels.quantizeInt8PerChannel(w, rows, cols), () => cpuBackend.quantizeInt8PerChannel(w, rows, cols)),
    toFloat16: (values) => call(values.length, () => kernels.f32ToHalfBits(values, 'f16'), () => cpuBackend.toFloat16(values)),
    l1PruneMasks,
    async l1PruneMasksPerTensor(tensors, amount) {
      // Tensors below cpuBelow go to the CPU one by one, as l1PruneMasks([t]) would send them;
      // all others go to the kernels in ONE call, which batches every step over the tensors.
      const masks: Uint8Array[] = [];
      const batched = tensors.flatMap((t, i) => (t.length >= cpuBelow ? [i] : []));
      if (batched.length > 0) {
        const ts = batched.map((i) => tensors[i]!);
        const smallest = Math.min(...ts.map((t) => t.length));
        const results = await call(smallest, async () => {
          const ran = await kernels.prunePerTensor(ts, amount);
          return { backend: ran.backend, value: ran.value.map((r, j) => maskFromPruned(ts[j]!, r.pruned[0]!)) };
        }, () => cpuBackend.l1PruneMasksPerTensor(ts, amount));
        batched.forEach((i, j) => (masks[i] = results[j]!));
      }
      for (const [i, t] of tensors.entries()) masks[i] ??= (await l1PruneMasks([t], amount))[0]!;
      return masks;
    },
    async twoOfFourMask(weight, inFeatures, outFeatures) {
      // prune24 needs whole groups of 4 inputs; other shapes use the shared CPU selection.
      if (inFeatures % 4 !== 0) return twoOfFourMask(weight, inFeatures, outFeatures);
      const pruned = await call(weight.length, () => kernels.prune24(weight, inFeatures, outFeatures, 'in-out'),
        async () => applyMask(weight, twoOfFourMask(weight, inFeatures, outFeatures)));
      return maskFromPruned(weight, pruned);
    },
    structuredSums: (w, rows, cols, axis, norm) =>
      call(w.length, () => kernels.structuredSums(w, rows, cols, axis, norm), () => cpuBackend.structuredSums(w, rows, cols, axis, norm)),
  };
}
