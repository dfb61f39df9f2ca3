// LLM.int8 and nf4-dq on larger shapes. LLM.int8 quantizes ACTIVATIONS at run time, so its
// graph is proved layer by layer against the plain-TS reference (llm-int8-reference.ts):
// bit-exact without outliers (int8×int8 sums are exact int32 in MatMulInteger, and the
// float32 rescale follows one fixed order), ≤ 1e-6 relative with the outlier path (float
// summation order of the outlier MatMul). The whole model is then compared with fp32 run on
// the dequantized weights, where only activation-quantization error remains.
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { readTensor } from '../../../src/core/onnx/tensor.ts';
import { compressModel } from '../../../src/core/recipes/compress.ts';
import { floatBelow, quantizeLlmInt8Layers } from '../../../src/core/recipes/llm-int8.ts';
import { llmInt8Linear } from '../../../src/core/recipes/llm-int8-reference.ts';
import { Workbench } from '../../../src/core/recipes/workbench.ts';
import { ort } from '../../../src/inference/ort-node.ts';
import { oneLinear } from '../../helpers/llm-int8-model.ts';
import { buildTinyBert, tinyBatch } from '../../helpers/tiny-bert-onnx.ts';
import { logitsOf, maxAbs, maxAbsDiff, withWeights } from '../../helpers/ort-compare.ts';

const B = 3, S = 5;

describe('LLM.int8 subgraph', () => {
  const cases = [
    { name: 'no outlier column', activationStd: 0.5, wideColumns: [], threshold: 6, outliers: 0 },
    { name: 'one outlier column', activationStd: 0.5, wideColumns: [7], threshold: 6, outliers: 1 },
    { name: 'many outlier columns', activationStd: 3, wideColumns: [], threshold: 6, outliers: 20 },
    { name: 'threshold 0', activationStd: 3, wideColumns: [], threshold: 0, outliers: 0 },
    // Every code ±127: uint8 codes 1 and 255 against ±127, pairs of products beyond int16.
    { name: 'every code ±127', activationStd: 0, wideColumns: [], threshold: 6, outliers: 0, extremeCodes: true, K: 512 },
    // Every code an exact tie k + ½: round half to even inside QuantizeLinear.
    { name: 'ties', activationStd: 0, wideColumns: [], threshold: 6, outliers: 0, ties: true },
  ] as const;
  for (const opset of [17n, 18n]) {
    for (const c of cases) {
      it(`matches the TS reference (opset ${opset}, ${c.name})`, async () => {
        const extreme = 'extremeCodes' in c;
        const { model, x, K, N, V } = oneLinear(opset, { activationStd: c.activationStd, wideColumns: [...c.wideColumns], ...(extreme ? { extremeCodes: true, K: c.K } : {}), ...('ties' in c ? { ties: true } : {}) });
        // Its only Linear has vocab-sized output (a "decoder"), so select every Linear.
        const wb = new Workbench(model, { convention: 'all-linears' });
        await quantizeLlmInt8Layers(wb, { kind: 'int8', threshold: c.threshold, rest: 'fp32' });
        const ops = wb.graph.node.map((n) => n.opType);
        expect(ops.includes('NonZero')).toBe(c.threshold > 0);
        // The fast path: uint8 codes with zero point 128 (ORT's wasm has no SIMD int8×int8 kernel).
        const mmi = wb.graph.node.find((n) => n.opType === 'MatMulInteger')!;
        expect(mmi.input).toHaveLength(3);
        const ids = BigInt64Array.from({ length: B * S }, (_, i) => BigInt((i * 7) % V));
        const session = await ort.InferenceSession.create(encodeModel(wb.model));
        const out = await session.run({
          input_ids: new ort.Tensor('int64', ids, [B, S]),
          attention_mask: new ort.Tensor('int64', new BigInt64Array(B * S).fill(1n), [B, S]),
        });
        const cb = readTensor(wb.graph.initializer.find((t) => t.name.endsWith('.CB'))!) as Int8Array;
        const scb = readTensor(wb.graph.initializer.find((t) => t.name.endsWith('.SCB'))!) as Float32Array;
        const ref = llmInt8Linear(x(ids), B * S, K, cb, scb, N, c.threshold);
        const y = out.logits!.data as Float32Array;
        expect(out.logits!.dims).toEqual([B, S, N]);
        expect(ref.outlierColumns).toHaveLength(c.outliers);
        if (extreme) expect(cb.every((v) => Math.abs(v) === 127)).toBe(true);
        if ('ties' in c) expect(ref.sca.every((v) => v === 127 / 64)).toBe(true);
        if (c.outliers > 0) expect(maxAbsDiff(y, ref.y)).toBeLessThanOrEqual(1e-6 * maxAbs(ref.y));
        else expect(maxAbsDiff(y, ref.y)).toBe(0);
      });
    }
  }

  it('ThresholdedRelu alpha: x > floatBelow(t) exactly when x ≥ float32(t)', () => {
    expect(floatBelow(6)).toBe(6 - 2 ** -21);
    for (const t of [6, 6.1, 0.5, 1e-3, 0]) {
      const f = Math.fround(t), below = floatBelow(t);
      expect(below).toBe(Math.fround(below));
      expect(below < f).toBe(true);
      expect(f > below).toBe(true);
      // Nothing lies between: the next float32 above `below` is float32(t) itself.
      const bits = new Uint32Array(Float32Array.of(below).buffer)[0]!;
      if (below > 0) expect(new Float32Array(Uint32Array.of(bits + 1).buffer)[0]).toBe(f);
      else expect(f).toBe(0);
    }
  });

  it('whole model: close to fp32 with the dequantized weights; the outlier path helps', async () => {
    const base = buildTinyBert({ outlierChannels: [3, 17], weightStd: 0.05 });
    const batch = tinyBatch(96);
    const errors: Record<string, number> = {};
    for (const recipe of ['int8', 'int8:threshold=0']) {
      const r = await compressModel(base, `${recipe}${recipe.includes(':') ? ',' : ':'}rest=fp32`, { keepEffectiveWeights: true });
      const reference = await logitsOf(withWeights(base, r.effective), batch);
      errors[recipe] = maxAbsDiff(await logitsOf(r.model, batch), reference) / maxAbs(reference);
    }
    // Measured (relative to max|logit|): 5e-4 with threshold 6, 2.8e-3 with the outlier path off:
    // the two gain-10 channels would otherwise set every row's int8 scale.
    expect(errors['int8']).toBeLessThan(2e-3);
    expect(errors['int8:threshold=0']).toBeGreaterThan(2 * errors['int8']!);
  });
});

describe('nf4-dq with several absmax groups (blocks > 256)', () => {
  it('rebuilds absmax exactly inside the graph', async () => {
    const base = buildTinyBert({ hidden: 130, intermediate: 260, layers: 1, vocab: 40 });
    const r = await compressModel(base, 'nf4-dq', { keepEffectiveWeights: true });
    const absmax2 = r.model.graph!.initializer.find((t) => t.name === 'bert.encoder.layer.0.intermediate.dense.weight.absmax2')!;
    expect(absmax2.dims.map(Number)).toEqual([Math.ceil(Math.ceil((130 * 260) / 64) / 256), 1]);
    expect(r.model.graph!.node.some((n) => n.opType === 'Pad')).toBe(true);
    const batch = tinyBatch(40);
    const reference = await logitsOf(withWeights(base, r.effective), batch);
    expect(maxAbsDiff(await logitsOf(r.model, batch), reference)).toBeLessThanOrEqual(1e-5 * maxAbs(reference));
  });
});
