// Batched per-tensor pruning on WebGPU (prune-l1: every layer on its own, all layers in each
// step together): the same bytes as the CPU reference on each tensor alone, for odd sizes,
// tensors of several tie chunks, exact ties at the threshold, NaN/±Inf/±0, amounts 0 and 1,
// several batches and the chunked path; and a handful of read-backs whatever the tensor count.
import { afterAll, describe, expect, it } from 'vitest';
import * as cpu from '../../../src/core/kernels/index.ts';
import { normalSample } from '../../../src/core/random.ts';
import { cpuBackend } from '../../../src/core/recipes/backend.ts';
import { createGpuBackend } from '../../../src/gpu/kernel-backend.ts';
import { createKernels } from '../../../src/gpu/kernels.ts';
import { TIE_CHUNK } from '../../../src/gpu/prune.ts';
import { expectSameBytes } from '../../kernels/context.ts';

const coarse = (n: number, seed: number) => normalSample(n, seed).map((v) => Math.round(v * 8) / 8); // many equal |w|
const special = Float32Array.of(0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 2, -2, 0.5, -0.5, NaN, 0);

// The GPU backend reads its masks off the pruned copy, so a weight that already was +0 reads
// "kept" there; the weights the recipe writes are the same either way.
const applied = (w: Float32Array, mask: Uint8Array) => w.map((v, i) => (mask[i] ? v : 0));

const tensors: Float32Array[] = [
  normalSample(1, 1),
  normalSample(63, 2),
  coarse(4097, 3),
  special,
  // Every weight equal: the threshold's ties span several tie chunks.
  new Float32Array(2 * TIE_CHUNK + 100).fill(-0.25),
  coarse(3 * TIE_CHUNK + 7, 4),
  normalSample(70_000, 5),
];
const AMOUNTS = [0, 0.1, 0.4, 0.5, 0.9, 1];

const kernels = createKernels({ backend: 'webgpu' });
// 256 KiB bindings (the least the prune tiles allow): the last tensor takes the chunked path,
// the others go in two batches.
const small = createKernels({ backend: 'webgpu', maxChunkBytes: 256 * 1024 });
afterAll(() => {
  kernels.dispose();
  small.dispose();
});

function expectReference(results: cpu.PruneResult[], amount: number): void {
  expect(results).toHaveLength(tensors.length);
  results.forEach((r, i) => {
    const want = cpu.pruneGlobal([tensors[i]!], amount);
    expectSameBytes(r.pruned[0]!, want.pruned[0]!);
    expect(r.selection).toEqual(want.selection);
  });
}

describe('per-tensor pruning of many tensors at once (WebGPU)', () => {
  for (const amount of AMOUNTS) {
    it(`amount ${amount}: each tensor as the CPU reference prunes it alone`, async () => {
      const r = await kernels.prunePerTensor(tensors, amount);
      expect(r.backend).toBe('webgpu');
      expectReference(r.value, amount);
    });
  }

  it('gives the same bytes across batches and through the chunked path', async () => {
    for (const amount of [0.4, 1]) {
      const r = await small.prunePerTensor(tensors, amount);
      expect(r.backend).toBe('webgpu');
      expectReference(r.value, amount);
    }
  });

  it('reads back six times for any number of one-binding tensors (4 radix passes, ties, apply)', async () => {
    const many = Array.from({ length: 24 }, (_, i) => coarse(TIE_CHUNK + 37 * i, 10 + i));
    const mapAsync = GPUBuffer.prototype.mapAsync;
    let reads = 0;
    GPUBuffer.prototype.mapAsync = function (...args: Parameters<GPUBuffer['mapAsync']>) {
      reads++;
      return mapAsync.apply(this, args);
    };
    try {
      await kernels.prunePerTensor(many, 0.4); // pipelines compiled by the tests above
      expect(reads).toBe(6);
    } finally {
      GPUBuffer.prototype.mapAsync = mapAsync;
    }
  });

  it('refuses what the reference refuses', async () => {
    await expect(kernels.prunePerTensor([Float32Array.of(1), new Float32Array(0)], 0.5)).rejects.toMatchObject({ code: 'empty', kernel: 'pruneGlobal' });
    await expect(kernels.prunePerTensor([Float32Array.of(1)], 1.5)).rejects.toMatchObject({ code: 'bad-parameter', kernel: 'pruneCount' });
    expect((await kernels.prunePerTensor([], 0.5)).value).toEqual([]);
  });

  it('the GPU backend prunes as the CPU backend, also with cpuBelow splitting the tensors', async () => {
    for (const cpuBelow of [0, 100]) {
      const gpu = createGpuBackend(kernels, { cpuBelow });
      for (const amount of [0, 0.4, 1]) {
        const masks = await gpu.l1PruneMasksPerTensor(tensors, amount);
        const want = await cpuBackend.l1PruneMasksPerTensor(tensors, amount);
        tensors.forEach((t, i) => expectSameBytes(applied(t, masks[i]!), applied(t, want[i]!)));
      }
      expect([...gpu.ranOn].sort()).toEqual(cpuBelow ? ['cpu', 'webgpu'] : ['webgpu']);
    }
  });
});
