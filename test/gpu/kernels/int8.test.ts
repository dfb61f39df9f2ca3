// The shared int8 suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { describe, expect, it } from 'vitest';
import * as cpu from '../../../src/core/kernels/index.ts';
import { normalSample } from '../../../src/core/random.ts';
import { int8Suite } from '../../kernels/nbits-int8.suite.ts';
import { expectSameBytes, ran, suiteContext } from '../../kernels/context.ts';

const ctx = suiteContext('webgpu');
int8Suite(ctx);

describe('LLM.int8 rows of a multiple of 16 (the 16-codes-per-invocation path)', () => {
  it('matches the CPU reference with NaN, ±Inf, subnormals, FP16 overflow and FP16 subnormals', async () => {
    const k = ctx.make();
    for (const [rows, cols] of [[5, 16], [7, 48], [4, 256]] as const) {
      const w = normalSample(rows * cols, rows + cols);
      const bits = new Uint32Array(w.buffer);
      for (let i = 0; i < w.length; i += 17) bits[i] = 0x7fc00000;
      for (let i = 2; i < w.length; i += 23) bits[i] = 0x00012345 | (i & 1 ? 0x80000000 : 0); // float32 subnormal
      for (let i = 4; i < w.length; i += 19) w[i] = (i % 2 ? 1 : -1) * 3e-6 * (1 + (i % 7)); // FP16 subnormal range
      w[cols + 3] = 70000; // FP16 overflow → Inf in row 1 (scale 0 there too)
      for (let i = 2 * cols + 6; i < 3 * cols; i += 31) w[i] = i % 2 ? 65519 : -65504; // the largest FP16 values, row 2
      w[1] = Infinity; // row 0 only: its scale is 0 (the others keep finite scales)
      const q = ran(ctx, await k.quantizeInt8Rowwise(w, { rows, cols, layout: 'out-in' }));
      const ref = cpu.quantizeInt8Rowwise(w, { rows, cols, layout: 'out-in' });
      expectSameBytes(q.codes, ref.codes);
      expect(Array.from(q.codes).some((c) => c !== 0)).toBe(true);
    }
    k.dispose();
  });
});

describe('per-channel int8 rows of a multiple of 16 (the 16-codes-per-invocation path)', () => {
  it('matches the CPU reference on near-half quotients, NaN, ±Inf and subnormals', async () => {
    const k = ctx.make();
    for (const [rows, cols] of [[6, 16], [9, 48]] as const) {
      const w = normalSample(rows * cols, rows * cols);
      const { scales } = cpu.quantizeInt8PerChannel(w, rows, cols);
      const bits = new Uint32Array(w.buffer);
      // Values at and one ULP around (m + 0.5) · scale: the quotient lands on or next to a half,
      // where the estimate defers to div_f. The column absmax (and so the scale) is unchanged.
      for (let i = cols; i < w.length; i += 3) {
        const s = scales[i % cols]!;
        const m = ((i * 7) % 200) - 100;
        if (Math.abs((m + 0.5) * s) * 1.01 >= 127 * s) continue;
        w[i] = (m + 0.5) * s;
        bits[i]! += (i % 9) - 4 > 0 ? 1 : (i % 9) - 4 < 0 ? -1 : 0;
      }
      for (let i = 1; i < w.length; i += 29) bits[i] = 0x7fc00000;
      for (let i = 2; i < w.length; i += 31) bits[i] = 0x00000321 | (i & 1 ? 0x80000000 : 0);
      w[5] = Infinity; // column 5: scale Inf, every code there 0 or NaN → 0
      const q = ran(ctx, await k.quantizeInt8PerChannel(w, rows, cols));
      const ref = cpu.quantizeInt8PerChannel(w, rows, cols);
      expectSameBytes(q.codes, ref.codes);
      expect(Array.from(q.codes).filter((c) => Math.abs(c) > 1).length).toBeGreaterThan(w.length / 4);
    }
    k.dispose();
  });
});
