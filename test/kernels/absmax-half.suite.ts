import { describe, expect, it } from 'vitest';
import absmaxGolden from '../golden/kernels/absmax.json';
import halfGolden from '../golden/kernels/half.json';
import * as cpu from '../../src/core/kernels/index.ts';
import { normalSample } from '../../src/core/random.ts';
import { oracleBlockAbsmax } from '../../tools/golden/kernel-oracles.ts';
import { f32FromWords } from '../helpers/bytes.ts';
import { LARGE_N, SIZES, expectSameBytes, ran, type SuiteContext } from './context.ts';

export function absmaxSuite(ctx: SuiteContext): void {
  describe('block and row absmax', () => {
    const k = ctx.make();
    const x = f32FromWords(absmaxGolden.input);
    for (const c of absmaxGolden.blocks) {
      it(`matches the golden absmax for blocks of ${c.blockSize}`, async () => {
        expectSameBytes(ran(ctx, await k.blockAbsmax(x, c.blockSize)), f32FromWords(c.absmax));
      });
    }
    it('matches the golden row absmax (NaN ignored) and its column twin', async () => {
      const r = absmaxGolden.rows;
      const m = f32FromWords(r.input);
      expectSameBytes(ran(ctx, await k.rowAbsmax(m, r.rows, r.cols)), f32FromWords(r.absmax));
      expectSameBytes(ran(ctx, await k.colAbsmax(cpu.transposeF32(m, r.rows, r.cols), r.cols, r.rows)), f32FromWords(r.absmax));
    });
    it.runIf(ctx.large)(`matches the oracle on ${LARGE_N} values and on every small size`, async () => {
      for (const n of [...SIZES, LARGE_N]) {
        const v = normalSample(n, n + 1);
        expectSameBytes(ran(ctx, await k.blockAbsmax(v, 64)), oracleBlockAbsmax(v, 64));
      }
    });
  });
}

export function halfSuite(ctx: SuiteContext): void {
  describe('float32 → FP16 / BF16', () => {
    const k = ctx.make();
    const x = f32FromWords(halfGolden.input);
    it('matches the brute-force nearest patterns (ties to even, subnormals, overflow, NaN)', async () => {
      expect(Array.from(ran(ctx, await k.f32ToHalfBits(x, 'f16')))).toEqual(halfGolden.f16);
      expect(Array.from(ran(ctx, await k.f32ToHalfBits(x, 'bf16')))).toEqual(halfGolden.bf16);
    });
    it.runIf(ctx.large)('agrees with the CPU reference on every float32 exponent and odd sizes', async () => {
      // Random bit patterns cover all exponents, subnormals, Inf and NaN payloads.
      let seed = 12345;
      const bits = Uint32Array.from({ length: LARGE_N }, () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0));
      const v = new Float32Array(bits.buffer);
      for (const format of ['f16', 'bf16'] as const) {
        expectSameBytes(ran(ctx, await k.f32ToHalfBits(v, format)), cpu.f32ToHalfBits(v, format));
        for (const n of SIZES) expectSameBytes(ran(ctx, await k.f32ToHalfBits(v.subarray(0, n), format)), cpu.f32ToHalfBits(v.subarray(0, n), format));
      }
    });
    it('copies bit for bit (the bandwidth yardstick)', async () => {
      for (const n of SIZES) {
        const v = normalSample(n, 3);
        v[0] = NaN;
        expectSameBytes(ran(ctx, await k.copy(v)), v);
      }
    });
  });
}
