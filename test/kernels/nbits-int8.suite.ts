import { describe, expect, it } from 'vitest';
import nbitsGolden from '../golden/kernels/nbits.json';
import int8Golden from '../golden/kernels/int8.json';
import * as cpu from '../../src/core/kernels/index.ts';
import { normalSample } from '../../src/core/random.ts';
import { oracleNBits } from '../../tools/golden/kernel-oracles.ts';
import { f32FromWords, fromHex, toHex } from '../helpers/bytes.ts';
import { LARGE_N, SIZES, expectSameBytes, ran, type SuiteContext } from './context.ts';

export function nbitsSuite(ctx: SuiteContext): void {
  describe('MatMulNBits 4-bit (onnxruntime rules)', () => {
    const k = ctx.make();
    for (const c of nbitsGolden.cases) {
      it(`quantizes the golden case ${c.name} bit for bit`, async () => {
        const q = ran(ctx, await k.quantizeNBits(f32FromWords(c.input), { K: c.K, N: c.N, blockSize: c.blockSize, symmetric: c.symmetric }));
        expect(toHex(q.data)).toBe(c.data);
        expect(toHex(q.scales)).toBe(toHex(f32FromWords(c.scales)));
        if ('zeroPoints' in c) expect(toHex(q.zeroPoints!)).toBe(c.zeroPoints);
        else expect(q.zeroPoints).toBeUndefined();
      });
    }
    it('dequantizes the golden ties: (q − zp) · scale', async () => {
      const c = nbitsGolden.cases[0]!;
      const q = { K: c.K, N: c.N, blockSize: c.blockSize, data: fromHex(c.data), scales: f32FromWords(c.scales) };
      const back = ran(ctx, await k.dequantizeNBits(q)) as Float32Array;
      expect(Array.from(back.slice(0, 10))).toEqual([-8, 1, 0, 2, -1, 7, -7, 3, -2, 7]);
    });
    for (const symmetric of [true, false]) {
      it(`round-trips ${symmetric ? 'symmetric' : 'asymmetric'} blocks within one scale step, both layouts, f32 and f16`, async () => {
        for (const [K, N, blockSize] of [[96, 40, 32], [40, 8, 16], [130, 3, 64]] as const) {
          const w = normalSample(K * N, K + N);
          const q = ran(ctx, await k.quantizeNBits(w, { K, N, blockSize, symmetric }));
          const nb = Math.ceil(K / blockSize);
          const back = ran(ctx, await k.dequantizeNBits(q, 'in-out')) as Float32Array;
          let violations = 0;
          for (let kk = 0; kk < K; kk++) for (let n = 0; n < N; n++) {
            const scale = Math.abs(q.scales[n * nb + Math.floor(kk / blockSize)]!);
            if (!(Math.abs(w[kk * N + n]! - back[kk * N + n]!) <= scale * (1 + 1e-5))) violations++;
          }
          expect(violations).toBe(0);
          const nk = ran(ctx, await k.quantizeNBits(cpu.transposeF32(w, K, N), { K, N, blockSize, symmetric, layout: 'out-in' }));
          expectSameBytes(nk.data, q.data);
          expectSameBytes(ran(ctx, await k.dequantizeNBits(q, 'out-in')), cpu.transposeF32(back, K, N));
          expectSameBytes(ran(ctx, await k.dequantizeNBits(q, 'in-out', { f16: true })), cpu.f32ToHalfBits(back, 'f16'));
        }
      });
    }
    it.runIf(ctx.large)(`matches the oracle for a column of every size up to ${LARGE_N}`, async () => {
      for (const K of [...SIZES, LARGE_N]) {
        const w = normalSample(K, K + 5);
        for (const symmetric of [true, false]) {
          const q = ran(ctx, await k.quantizeNBits(w, { K, N: 1, blockSize: 32, symmetric }));
          const o = oracleNBits(w, K, 1, 32, symmetric);
          expectSameBytes(q.data, o.data);
          expectSameBytes(q.scales, o.scales);
          if (!symmetric) expectSameBytes(q.zeroPoints!, o.zeroPoints!);
        }
      }
    });
    it('gives the same bytes through the chunked path, both layouts', async () => {
      const small = ctx.make({ maxChunkBytes: 32 * 1024 }); // a tile (2 blocks × N) is 18 KiB
      const [K, N] = [256, 72];
      const w = normalSample(K * N, 1);
      for (const symmetric of [true, false]) {
        const want = oracleNBits(w, K, N, 32, symmetric);
        const a = ran(ctx, await small.quantizeNBits(w, { K, N, blockSize: 32, symmetric }));
        const b = ran(ctx, await small.quantizeNBits(cpu.transposeF32(w, K, N), { K, N, blockSize: 32, symmetric, layout: 'out-in' }));
        for (const q of [a, b]) {
          expectSameBytes(q.data, want.data);
          expectSameBytes(q.scales, want.scales);
          if (!symmetric) expectSameBytes(q.zeroPoints!, want.zeroPoints!);
        }
        expectSameBytes(ran(ctx, await small.dequantizeNBits(a, 'in-out')), cpu.dequantizeNBits(a, 'in-out'));
      }
      small.dispose();
    });
  });
}

export function int8Suite(ctx: SuiteContext): void {
  describe('int8: LLM.int8 row-wise and ONNX per-channel', () => {
    const k = ctx.make();
    for (const c of int8Golden.rowwise) {
      it(`LLM.int8: fp16 cast, SCB, round half even (${c.name})`, async () => {
        const q = ran(ctx, await k.quantizeInt8Rowwise(f32FromWords(c.input), { rows: c.rows, cols: c.cols, layout: 'out-in' }));
        expect(toHex(q.codes)).toBe(c.codes);
        expect(toHex(q.scb)).toBe(toHex(f32FromWords(c.scb)));
      });
    }
    for (const c of int8Golden.perChannel) {
      it(`per-channel: x / scale, round half even, all-zero column scale 1 (${c.name})`, async () => {
        const q = ran(ctx, await k.quantizeInt8PerChannel(f32FromWords(c.input), c.rows, c.cols));
        expect(toHex(q.codes)).toBe(c.codes);
        expect(toHex(q.scales)).toBe(toHex(f32FromWords(c.scales)));
      });
    }
    it('agrees with the CPU reference in both layouts and round-trips within half a step', async () => {
      for (const [rows, cols] of [[1, 1], [1, 63], [3, 65], [96, 40], [4097, 1]] as const) {
        const w = normalSample(rows * cols, rows * 7 + cols);
        for (const layout of ['out-in', 'in-out'] as const) {
          const q = ran(ctx, await k.quantizeInt8Rowwise(w, { rows, cols, layout }));
          const ref = cpu.quantizeInt8Rowwise(w, { rows, cols, layout });
          expectSameBytes(q.codes, ref.codes);
          expectSameBytes(q.scb, ref.scb);
          const back = ran(ctx, await k.dequantizeInt8Rowwise(q)) as Float32Array;
          expectSameBytes(back, cpu.dequantizeInt8Rowwise(ref));
          expectSameBytes(ran(ctx, await k.dequantizeInt8Rowwise(q, { f16: true })), cpu.f32ToHalfBits(back, 'f16'));
          const w16 = cpu.roundToF16(layout === 'in-out' ? cpu.transposeF32(w, rows, cols) : w);
          let violations = 0;
          for (let i = 0; i < w16.length; i++) {
            if (!(Math.abs(w16[i]! - back[i]!) <= (q.scb[Math.floor(i / q.inFeatures)]! / 127) * 0.5001)) violations++;
          }
          expect(violations).toBe(0);
        }
        const p = ran(ctx, await k.quantizeInt8PerChannel(w, rows, cols));
        const pref = cpu.quantizeInt8PerChannel(w, rows, cols);
        expectSameBytes(p.codes, pref.codes);
        expectSameBytes(p.scales, pref.scales);
        expectSameBytes(ran(ctx, await k.dequantizeInt8PerChannel(p)), cpu.dequantizeInt8PerChannel(pref));
      }
    });
    it('per-channel: quotients on and one float32 step either side of every half-integer', async () => {
      // The kernel multiplies by an approximate reciprocal and falls back to the correctly
      // rounded quotient only near half-integers: probe exactly there, for several scales.
      const cols = 5;
      const colMax = [127, 1, 3e-3, 2.5e4, 1e-30].map(Math.fround);
      const values: number[][] = [colMax];
      const scales = colMax.map(cpu.perChannelScale);
      for (let k = -128; k <= 127; k++) {
        for (const step of [-1, 0, 1]) {
          values.push(scales.map((s) => {
            const x = Math.fround((k + 0.5) * s);
            const bits = new Uint32Array(Float32Array.of(x).buffer)[0]!;
            return x === 0 ? 0 : new Float32Array(Uint32Array.of(bits + step * (x < 0 ? -1 : 1)).buffer)[0]!;
          }));
        }
      }
      const w = Float32Array.from(values.flatMap((row) => row.map((v, c) => (Math.abs(v) > colMax[c]! ? colMax[c]! : v))));
      const rows = w.length / cols;
      const q = ran(ctx, await k.quantizeInt8PerChannel(w, rows, cols));
      expectSameBytes(q.codes, cpu.quantizeInt8PerChannel(w, rows, cols).codes);
    });
    it.runIf(ctx.large)(`agrees with the CPU reference on ${LARGE_N} weights, also chunked`, async () => {
      const [rows, cols] = [LARGE_N / 3, 3];
      const w = normalSample(LARGE_N, 8);
      const small = ctx.make({ maxChunkBytes: 256 * 1024 });
      for (const kk of [k, small]) {
        expectSameBytes(ran(ctx, await kk.quantizeInt8Rowwise(w, { rows, cols, layout: 'out-in' })).codes, cpu.quantizeInt8Rowwise(w, { rows, cols, layout: 'out-in' }).codes);
        expectSameBytes(ran(ctx, await kk.quantizeInt8PerChannel(w, rows, cols)).codes, cpu.quantizeInt8PerChannel(w, rows, cols).codes);
      }
      small.dispose();
    });
  });
}
