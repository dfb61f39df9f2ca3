// The weight histogram the worker computes: counts over [−absmax, absmax] that add up to the
// layer's size, and per-format block absmax over the weight read as PyTorch's [out, in].
import { describe, expect, it } from 'vitest';
import { blockAbsmax, weightHistogram } from '../../../src/workers/weight-histogram.ts';

describe('weight histogram', () => {
  it('blocks run along the input dimension of the [out, in] weight', () => {
    // ONNX [in=4, out=2]: column o is output o. As [out, in]: row 0 = 1,2,3,4; row 1 = -8,0,0,0.5
    const w = Float32Array.of(1, -8, 2, 0, 3, 0, 4, 0.5);
    expect([...blockAbsmax(w, 4, 2, 2)]).toEqual([2, 4, 8, 0.5]);
    expect([...blockAbsmax(w, 4, 2, 4)]).toEqual([4, 8]);
    expect([...blockAbsmax(w, 4, 2, 3)]).toEqual([3, 8, 0.5]); // blocks cross rows, as in the flat layout
  });

  it('counts every weight once and reports median and largest block absmax', () => {
    const inF = 64, outF = 8;
    const w = new Float32Array(inF * outF).map((_, i) => Math.sin(i * 1.7) * (i % 64 === 5 ? 3 : 1));
    const h = weightHistogram(w, { weight: 'w', role: 'intermediate', outFeatures: outF, inFeatures: inF }, 24, { int4: 32, fp4: 64, nf4: 64 });
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(w.length);
    expect(h.total).toBe(w.length);
    const absmax = Math.max(...w.map(Math.abs));
    expect(h.absmax).toBe(absmax);
    expect(h.edges[0]).toBeCloseTo(-absmax);
    expect(h.blockScales.nf4).toMatchObject({ blockSize: 64, blocks: 8, maxAbsmax: absmax });
    expect(h.blockScales.int4.blocks).toBe(16);
    expect(h.blockScales.int4.medianAbsmax).toBeLessThanOrEqual(h.blockScales.int4.maxAbsmax);
  });
});
