import { describe, expect, it } from 'vitest';
import { KernelInputError, type KernelInputErrorCode } from '../../src/core/kernels/errors.ts';
import { normalSample } from '../../src/core/random.ts';
import { ran, type SuiteContext } from './context.ts';

async function rejects(p: Promise<unknown>, code: KernelInputErrorCode): Promise<KernelInputError> {
  const error = await p.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(KernelInputError);
  expect((error as KernelInputError).code).toBe(code);
  expect((error as KernelInputError).message).toMatch(/expected .+, got .+/);
  return error as KernelInputError;
}

export function errorsSuite(ctx: SuiteContext): void {
  describe('bad input: named errors, never garbage', () => {
    const k = ctx.make();
    const x = normalSample(128, 1);
    it('rejects an empty tensor', async () => {
      await rejects(k.quantizeBnb4(new Float32Array(0), { type: 'nf4' }), 'empty');
      await rejects(k.blockAbsmax(new Float32Array(0), 64), 'empty');
      await rejects(k.f32ToHalfBits(new Float32Array(0), 'f16'), 'empty');
      await rejects(k.pruneGlobal([], 0.5), 'empty');
      await rejects(k.histogram(new Float32Array(0), { bins: 4, min: 0, max: 1 }), 'empty');
    });
    it('rejects block sizes that are not powers of two in range', async () => {
      for (const b of [48, 0, 16, 8192, 64.5]) {
        const e = await rejects(k.quantizeBnb4(x, { type: 'fp4', blockSize: b }), 'block-size');
        expect(e.given).toBe(String(b));
      }
      await rejects(k.quantizeNBits(x, { K: 128, N: 1, blockSize: 24, symmetric: true }), 'block-size');
    });
    it('rejects lengths that do not match', async () => {
      const q = ran(ctx, await k.quantizeBnb4(x, { type: 'nf4' }));
      await rejects(k.dequantizeBnb4({ ...q, packed: q.packed.subarray(1) }), 'length-mismatch');
      await rejects(k.dequantizeBnb4({ ...q, absmax: new Float32Array(3) }), 'length-mismatch');
      await rejects(k.quantizeNBits(x, { K: 100, N: 2, blockSize: 32, symmetric: true }), 'length-mismatch');
      await rejects(k.errorMetrics(x, x.subarray(1)), 'length-mismatch');
      await rejects(k.quantizeInt8Rowwise(x, { rows: 3, cols: 40, layout: 'out-in' }), 'length-mismatch');
    });
    it('rejects NaN scales', async () => {
      const q = ran(ctx, await k.quantizeBnb4(x, { type: 'nf4' }));
      const absmax = q.absmax.slice();
      absmax[1] = NaN;
      const e = await rejects(k.dequantizeBnb4({ ...q, absmax }), 'bad-scale');
      expect(e.given).toContain('index 1');
      const n = ran(ctx, await k.quantizeNBits(x, { K: 128, N: 1, blockSize: 32, symmetric: true }));
      await rejects(k.dequantizeNBits({ ...n, scales: n.scales.map(() => NaN) }), 'bad-scale');
      const i8 = ran(ctx, await k.quantizeInt8PerChannel(x, 64, 2));
      await rejects(k.dequantizeInt8PerChannel({ ...i8, scales: Float32Array.from([1, NaN]) }), 'bad-scale');
    });
    it('rejects bad parameters (amount, histogram range, 2:4 shape)', async () => {
      await rejects(k.pruneGlobal([x], 1.5), 'bad-parameter');
      await rejects(k.histogram(x, { bins: 4, min: 1, max: 1 }), 'bad-parameter');
      await rejects(k.prune24(x, 2, 64, 'in-out'), 'shape');
    });
  });
}
