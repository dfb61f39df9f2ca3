import { describe, expect, it } from 'vitest';
import golden from '../golden/kernels/bnb4.json';
import { FP4_CODEBOOK, NF4_CODEBOOK } from '../../src/core/formats/codebooks.ts';
import { f32ToF16Bits } from '../../src/core/formats/half.ts';
import { transposeF32 } from '../../src/core/kernels/layout.ts';
import { normalSample } from '../../src/core/random.ts';
import { oracleBnb4 } from '../../tools/golden/kernel-oracles.ts';
import { f32FromWords, fromHex, toHex } from '../helpers/bytes.ts';
import { LARGE_N, SIZES, expectSameBytes, ran, type SuiteContext } from './context.ts';

/** x̂ from the codebooks directly (independent of the dequantize kernels), flushed like them. */
function expectedDequant(packed: Uint8Array, absmax: Float32Array, n: number, type: 'nf4' | 'fp4', blockSize: number): Float32Array {
  const table = type === 'nf4' ? NF4_CODEBOOK : FP4_CODEBOOK;
  return Float32Array.from({ length: n }, (_, i) => {
    const code = i % 2 === 0 ? packed[i >> 1]! >> 4 : packed[i >> 1]! & 15;
    const v = Math.fround(table[code]! * absmax[Math.floor(i / blockSize)]!);
    if (Number.isNaN(v)) return NaN; // the canonical quiet NaN, as the kernels write it
    return Math.abs(v) < 2 ** -126 ? (v < 0 || Object.is(v, -0) ? -0 : 0) : v;
  });
}

export function bnb4Suite(ctx: SuiteContext): void {
  describe('bitsandbytes 4-bit (NF4/FP4)', () => {
    const k = ctx.make();
    for (const c of golden.cases) {
      it(`quantizes the golden case ${c.name} bit for bit`, async () => {
        const x = f32FromWords(c.input);
        const q = ran(ctx, await k.quantizeBnb4(x, { type: c.type as 'nf4' | 'fp4', blockSize: c.blockSize }));
        expect(toHex(q.packed)).toBe(c.packed);
        expect(toHex(q.absmax)).toBe(toHex(f32FromWords(c.absmax)));
      });
      it(`dequantizes the golden case ${c.name} to float32 and FP16 bits`, async () => {
        const n = f32FromWords(c.input).length;
        const q = { type: c.type as 'nf4' | 'fp4', blockSize: c.blockSize, n, packed: fromHex(c.packed), absmax: f32FromWords(c.absmax) };
        const want = expectedDequant(q.packed, q.absmax, n, q.type, q.blockSize);
        expectSameBytes(ran(ctx, await k.dequantizeBnb4(q)), want);
        expectSameBytes(ran(ctx, await k.dequantizeBnb4(q, { f16: true })), Uint16Array.from(want, f32ToF16Bits));
      });
    }

    it('quantizes an [in, out] ONNX initializer as its transpose', async () => {
      const [rows, cols] = [96, 40];
      const w = normalSample(rows * cols, 11);
      const viaMatrix = ran(ctx, await k.quantizeBnb4Matrix(w, { type: 'nf4', layout: 'in-out', rows, cols }));
      const o = oracleBnb4(transposeF32(w, rows, cols), 'nf4', 64);
      expectSameBytes(viaMatrix.packed, o.packed);
      expectSameBytes(viaMatrix.absmax, o.absmax);
    });

    for (const type of ['nf4', 'fp4'] as const) {
      it(`keeps dequantize(quantize(x)) within half the widest ${type} codebook gap × absmax`, async () => {
        const table = [...(type === 'nf4' ? NF4_CODEBOOK : FP4_CODEBOOK)].sort((a, b) => a - b);
        const maxGap = Math.max(...table.slice(1).map((v, i) => v - table[i]!));
        for (const n of [...SIZES, 100_000]) {
          const x = normalSample(n, n);
          const q = ran(ctx, await k.quantizeBnb4(x, { type }));
          const back = ran(ctx, await k.dequantizeBnb4(q)) as Float32Array;
          let violations = 0;
          for (let i = 0; i < n; i++) {
            const bound = (maxGap / 2) * q.absmax[Math.floor(i / 64)]! * (1 + 1e-6);
            if (!(Math.abs(x[i]! - back[i]!) <= bound)) violations++;
          }
          expect(violations).toBe(0);
        }
      });
    }

    it.runIf(ctx.large)(`matches the oracle on ${LARGE_N} normal values (NF4 and FP4)`, async () => {
      const x = normalSample(LARGE_N, 4242);
      for (const type of ['nf4', 'fp4'] as const) {
        const q = ran(ctx, await k.quantizeBnb4(x, { type }));
        const o = oracleBnb4(x, type, 64);
        expectSameBytes(q.packed, o.packed);
        expectSameBytes(q.absmax, o.absmax);
      }
    });

    it('gives the same bytes through the chunked path (tiny binding budget)', async () => {
      const small = ctx.make({ maxChunkBytes: 64 * 1024 });
      const x = normalSample(100_003, 9);
      for (const blockSize of [64, 4096]) {
        const a = ran(ctx, await small.quantizeBnb4(x, { type: 'fp4', blockSize }));
        const o = oracleBnb4(x, 'fp4', blockSize);
        expectSameBytes(a.packed, o.packed);
        expectSameBytes(a.absmax, o.absmax);
        expectSameBytes(ran(ctx, await small.dequantizeBnb4(a)), ran(ctx, await k.dequantizeBnb4(a)));
      }
      const w = normalSample(300 * 400, 10);
      const t = ran(ctx, await small.quantizeBnb4Matrix(w, { type: 'nf4', layout: 'in-out', rows: 300, cols: 400 }));
      expectSameBytes(t.packed, oracleBnb4(transposeF32(w, 300, 400), 'nf4', 64).packed);
      small.dispose();
    });
  });
}
