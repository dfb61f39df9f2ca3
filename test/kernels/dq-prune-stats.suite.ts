import { describe, expect, it } from 'vitest';
import dqGolden from '../golden/kernels/double-quant.json';
import pruneGolden from '../golden/kernels/prune.json';
import statsGolden from '../golden/kernels/stats.json';
import * as cpu from '../../src/core/kernels/index.ts';
import { normalSample } from '../../src/core/random.ts';
import { oraclePrune } from '../../tools/golden/kernel-oracles.ts';
import { f32FromWords, toHex } from '../helpers/bytes.ts';
import { LARGE_N, expectSameBytes, ran, type SuiteContext } from './context.ts';

export function doubleQuantSuite(ctx: SuiteContext): void {
  describe('double quantization of absmax (dynamic 8-bit map)', () => {
    const k = ctx.make();
    it('puts values on a map midpoint in the LOWER code, just above in the upper', async () => {
      const dq = ran(ctx, await k.doubleQuantize(f32FromWords(dqGolden.input), dqGolden.offset));
      expect(Array.from(dq.codes)).toEqual(dqGolden.codes);
      expect(toHex(dq.absmax2)).toBe(toHex(f32FromWords(dqGolden.absmax2)));
    });
    it('round-trips 4-bit absmax values within half the widest map gap × absmax2, bit-exact with the reference', async () => {
      const map = cpu.dynamicMap();
      const maxGap = Math.max(...Array.from(map.subarray(1), (v, i) => v - map[i]!));
      for (const n of [1, 63, 256, 257, 16_385]) {
        const absmax = cpu.blockAbsmax(normalSample(n * 64, n), 64);
        const dq = ran(ctx, await k.doubleQuantize(absmax));
        const ref = cpu.doubleQuantize(absmax);
        expectSameBytes(dq.codes, ref.codes);
        expectSameBytes(dq.absmax2, ref.absmax2);
        expect(dq.offset).toBe(ref.offset);
        const back = ran(ctx, await k.dequantizeDoubleQuant(dq));
        expectSameBytes(back, cpu.dequantizeDoubleQuant(ref));
        let violations = 0;
        for (let i = 0; i < n; i++) {
          if (!(Math.abs(back[i]! - absmax[i]!) <= (maxGap / 2) * dq.absmax2[Math.floor(i / 256)]! * 1.0001 + 1e-7)) violations++;
        }
        expect(violations).toBe(0);
      }
    });
  });
}

export function pruneSuite(ctx: SuiteContext): void {
  describe('magnitude pruning, 2:4 and structured scores', () => {
    const k = ctx.make();
    for (const c of pruneGolden.global) {
      it(`prunes exactly round(amount·n), ties by lower flat index (${c.name})`, async () => {
        const r = ran(ctx, await k.pruneGlobal(c.tensors.map(f32FromWords), c.amount));
        expect(r.pruned.map((t) => toHex(t))).toEqual(c.expected.map((e) => toHex(f32FromWords(e))));
      });
    }
    it('prunes exactly k, keeps the largest |w|, per tensor and globally (random, with many ties)', async () => {
      const a = normalSample(4097, 1).map((v) => Math.round(v * 8) / 8); // many equal magnitudes
      const b = normalSample(65, 2).map((v) => Math.round(v * 8) / 8);
      for (const amount of [0.2, 0.4, 0.5, 0.9]) {
        const g = ran(ctx, await k.pruneGlobal([a, b], amount));
        const want = oraclePrune([a, b], amount);
        g.pruned.forEach((t, i) => expectSameBytes(t, want[i]!));
        const per = ran(ctx, await k.prunePerTensor([a, b], amount));
        per.forEach((r, i) => expectSameBytes(r.pruned[0]!, oraclePrune([[a, b][i]!], amount)[0]!));
      }
    });
    it.runIf(ctx.large)(`prunes ${LARGE_N} weights exactly, also through the chunked path`, async () => {
      const w = normalSample(LARGE_N, 77);
      const small = ctx.make({ maxChunkBytes: 512 * 1024 });
      const want = cpu.pruneGlobal([w], 0.4);
      for (const kk of [k, small]) {
        const r = ran(ctx, await kk.pruneGlobal([w], 0.4));
        expectSameBytes(r.pruned[0]!, want.pruned[0]!);
        expect(r.selection).toEqual(want.selection);
        let zeros = 0;
        let maxPruned = 0;
        let minKept = Infinity;
        r.pruned[0]!.forEach((v, i) => {
          if (v === 0) { zeros++; maxPruned = Math.max(maxPruned, Math.abs(w[i]!)); } else minKept = Math.min(minKept, Math.abs(v));
        });
        expect(zeros).toBe(Math.round(0.4 * LARGE_N));
        expect(maxPruned).toBeLessThanOrEqual(minKept);
      }
      small.dispose();
    });
    for (const c of pruneGolden.semi24) {
      it(`keeps the 2 largest of every 4 along the input dimension, ties → lower index (${c.name})`, async () => {
        const w = f32FromWords(c.input);
        expectSameBytes(ran(ctx, await k.prune24(w, c.rows, c.cols, 'out-in')), f32FromWords(c.expected));
        const t = cpu.transposeF32(w, c.rows, c.cols);
        expectSameBytes(ran(ctx, await k.prune24(t, c.cols, c.rows, 'in-out')), cpu.transposeF32(f32FromWords(c.expected), c.rows, c.cols));
      });
    }
    it('2:4 holds in every group of a random tensor, both layouts', async () => {
      const [rows, cols] = [64, 96];
      const w = normalSample(rows * cols, 5);
      for (const layout of ['out-in', 'in-out'] as const) {
        const p = ran(ctx, await k.prune24(w, rows, cols, layout));
        expectSameBytes(p, cpu.prune24(w, rows, cols, layout));
        let bad = 0;
        for (let g = 0; g < w.length / 4; g++) {
          const idx = cpu.groupIndices(g, rows, cols, layout);
          const kept = idx.filter((i) => p[i] !== 0);
          const minKept = Math.min(...kept.map((i) => Math.abs(w[i]!)));
          const maxDropped = Math.max(...idx.filter((i) => p[i] === 0).map((i) => Math.abs(w[i]!)));
          if (kept.length !== 2 || maxDropped > minKept) bad++;
        }
        expect(bad).toBe(0);
      }
    });
    it('scores rows, columns and heads (L1 / L2) exactly', async () => {
      const s = pruneGolden.structured;
      const w = f32FromWords(s.input);
      expectSameBytes(ran(ctx, await k.structuredScores(w, s.rows, s.cols, 'row', 'l1')), f32FromWords(s.rowL1));
      expectSameBytes(ran(ctx, await k.structuredSums(w, s.rows, s.cols, 'column', 'l2')), f32FromWords(s.colL2Squared));
      const big = normalSample(768 * 96, 6);
      for (const axis of ['row', 'column'] as const) for (const norm of ['l1', 'l2'] as const) {
        expectSameBytes(ran(ctx, await k.structuredScores(big, 768, 96, axis, norm)), cpu.structuredScores(big, 768, 96, axis, norm));
      }
      const heads = ran(ctx, await k.headScores(big, 768, 96, 'column', 32, 'l2'));
      expect(heads.length).toBe(3);
      expectSameBytes(heads, cpu.headScores(cpu.structuredSums(big, 768, 96, 'column', 'l2'), 32, 'l2'));
    });
  });
}

export function statsSuite(ctx: SuiteContext): void {
  describe('statistics for the UI', () => {
    const k = ctx.make();
    it('bins the golden histogram (edges, max in the last bin, below/above/NaN apart)', async () => {
      const h = statsGolden.histogram;
      const r = ran(ctx, await k.histogram(f32FromWords(h.input), { bins: h.bins, min: h.min, max: h.max }));
      expect({ counts: Array.from(r.counts), below: r.below, above: r.above, nan: r.nan }).toEqual({
        counts: h.counts, below: h.below, above: h.above, nan: h.nan,
      });
    });
    it('counts zeros (+0 and −0, not subnormals)', async () => {
      expect(ran(ctx, await k.countZeros(f32FromWords(statsGolden.zeros.input)))).toBe(statsGolden.zeros.count);
    });
    it('computes the golden error metrics and SQNR', async () => {
      const m = statsGolden.metrics;
      const r = ran(ctx, await k.errorMetrics(f32FromWords(m.x), f32FromWords(m.xHat)));
      expect([r.sumSquares, r.sumSquaredError, r.mse, r.maxAbsError]).toEqual([m.sumSquares, m.sumSquaredError, m.mse, m.maxAbsError]);
      expect(r.sqnrDb).toBeCloseTo(10 * Math.log10(25), 12);
    });
    it(`agrees with the reference on ${LARGE_N} values: counts exactly, sums within ${cpu.METRIC_RELATIVE_TOLERANCE}`, async () => {
      const x = normalSample(LARGE_N, 3);
      x[10] = 0;
      x[11] = NaN;
      const h = ran(ctx, await k.histogram(x, { bins: 257, min: -4, max: 4 }));
      const hr = cpu.histogram(x, { bins: 257, min: -4, max: 4 });
      expect(h).toEqual(hr);
      expect(ran(ctx, await k.countZeros(x))).toBe(cpu.countZeros(x));
      const clean = x.map((v) => (Number.isNaN(v) ? 0 : v));
      const q = cpu.dequantizeBnb4(cpu.quantizeBnb4(clean, { type: 'nf4' }));
      const m = ran(ctx, await k.errorMetrics(clean, q));
      const mr = cpu.errorMetrics(clean, q);
      expect(m.maxAbsError).toBe(mr.maxAbsError);
      expect(Math.abs(m.sumSquares / mr.sumSquares - 1)).toBeLessThan(cpu.METRIC_RELATIVE_TOLERANCE);
      expect(Math.abs(m.sumSquaredError / mr.sumSquaredError - 1)).toBeLessThan(cpu.METRIC_RELATIVE_TOLERANCE);
      expect(Math.abs(m.sqnrDb - mr.sqnrDb)).toBeLessThan(1e-3);
    });
  });
}
