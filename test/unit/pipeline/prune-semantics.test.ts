// The recipes' pruning selection (cpuBackend) and the kernels' (which the WGSL reproduces bit
// for bit, so the GPU backend) prune exactly the same weights: k = round_half_even(amount·n),
// |w| compared as bit patterns (NaN above +Inf), equal |w| pruned lowest flat index first;
// 2:4 keeps the two largest |w| of every 4 inputs, the lower index on ties.
import { describe, expect, it } from 'vitest';
import { prune24, pruneGlobal } from '../../../src/core/kernels/prune.ts';
import { normalSample } from '../../../src/core/random.ts';
import { cpuBackend } from '../../../src/core/recipes/backend.ts';
import { l1PruneMasks, twoOfFourMask } from '../../../src/core/recipes/prune-select.ts';

const applied = (w: Float32Array, mask: Uint8Array) => w.map((v, i) => (mask[i] ? v : 0));
const bits = (x: Float32Array) => [...new Uint32Array(x.buffer, x.byteOffset, x.length)];

const cases: Record<string, Float32Array[]> = {
  gaussian: [normalSample(1000, 3), normalSample(777, 4)],
  'many ties': [normalSample(1000, 5).map((v) => Math.round(v * 4) / 4), normalSample(600, 6).map((v) => Math.round(v * 4) / 4)],
  'signed zeros, NaN, Inf': [Float32Array.of(0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 2, -2, 0.5)],
};

describe('magnitude pruning: recipe masks = kernel selection', () => {
  for (const [name, tensors] of Object.entries(cases)) {
    for (const amount of [0, 0.25, 0.5, 0.55, 0.9]) {
      it(`${name}, amount ${amount}: global and per tensor`, () => {
        const global = pruneGlobal(tensors, amount).pruned;
        l1PruneMasks(tensors, amount).forEach((mask, i) => expect(bits(applied(tensors[i]!, mask))).toEqual(bits(global[i]!)));
        for (const t of tensors) expect(bits(applied(t, l1PruneMasks([t], amount)[0]!))).toEqual(bits(pruneGlobal([t], amount).pruned[0]!));
      });
    }
  }
});

describe('cpuBackend.l1PruneMasksPerTensor = l1PruneMasks on each tensor alone', () => {
  for (const [name, tensors] of Object.entries(cases)) {
    it(name, async () => {
      for (const amount of [0, 0.25, 0.5, 0.9, 1]) {
        const masks = await cpuBackend.l1PruneMasksPerTensor(tensors, amount);
        expect(masks.map((m) => [...m])).toEqual(tensors.map((t) => [...l1PruneMasks([t], amount)[0]!]));
      }
    });
  }
  it('takes no tensors', async () => {
    expect(await cpuBackend.l1PruneMasksPerTensor([], 0.5)).toEqual([]);
  });
});

describe('2:4: recipe mask = kernel prune24', () => {
  for (const [name, w] of Object.entries({ gaussian: normalSample(64 * 24, 7), 'many ties': normalSample(64 * 24, 8).map((v) => Math.round(v * 2) / 2) })) {
    it(name, () => {
      expect(bits(applied(w, twoOfFourMask(w, 64, 24)))).toEqual(bits(prune24(w, 64, 24, 'in-out')));
    });
  }
});
