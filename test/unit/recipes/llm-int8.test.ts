// LLM.int8 and nf4-dq on larger shapes. LLM.int8 quantizes ACTIVATIONS at run time, so its
// graph is proved layer by layer against the plain-TS reference (llm-int8-reference.ts):
// bit-exact without outliers (int8×int8 sums are exact int32 in MatMulInteger, and the
// float32 rescale follows one fixed order), ≤ 1e-6 relative with the outlier path (float
// summation order of the outlier MatMul). The whole model is then compared with fp32 run on
// the dequantized weights, where only activation-quantization error remains.
import { create } from '@bufbuild/protobuf';
import { GraphProtoSchema, ModelProtoSchema, OperatorSetIdProtoSchema, type ModelProto } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { makeNode, makeValueInfo } from '../../../src/core/onnx/graph.ts';
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { DataType, makeTensor, readTensor } from '../../../src/core/onnx/tensor.ts';
import { compressModel } from '../../../src/core/recipes/compress.ts';
import { quantizeLlmInt8Layers } from '../../../src/core/recipes/llm-int8.ts';
import { llmInt8Linear } from '../../../src/core/recipes/llm-int8-reference.ts';
import { Workbench } from '../../../src/core/recipes/workbench.ts';
import { normalSample } from '../../../src/core/random.ts';
import { ort } from '../../../src/inference/ort-node.ts';
import { buildTinyBert, tinyBatch } from '../../helpers/tiny-bert-onnx.ts';
import { logitsOf, maxAbs, maxAbsDiff, withWeights } from '../../helpers/ort-compare.ts';

const K = 40, N = 24, B = 3, S = 5, V = 20;

/** input_ids → embedding rows (std 3: some |x| ≥ 6) → one Linear named like a BERT query. */
function oneLinear(opset: bigint): { model: ModelProto; x: (ids: BigInt64Array) => Float32Array } {
  const table = normalSample(V * K, 5, 0, 3);
  const graph = create(GraphProtoSchema, {
    name: 'one-linear',
    node: [
      makeNode('Gather', ['E', 'input_ids'], ['x'], 'gather'),
      makeNode('Cast', ['attention_mask'], ['maskF'], 'cast', { to: DataType.FLOAT }),
      makeNode('Unsqueeze', ['maskF', 'axis2'], ['mask3'], 'unsqueeze'),
      makeNode('Mul', ['x', 'mask3'], ['xm'], 'mul'),
      makeNode('MatMul', ['xm', 'W'], ['logits'], '/bert/encoder/layer.0/attention/self/query/MatMul'),
    ],
    initializer: [
      makeTensor('E', DataType.FLOAT, [V, K], table),
      makeTensor('W', DataType.FLOAT, [K, N], normalSample(K * N, 6, 0, 0.1)),
      makeTensor('axis2', DataType.INT64, [1], BigInt64Array.of(2n)),
    ],
    input: ['input_ids', 'attention_mask'].map((n) => makeValueInfo(n, DataType.INT64, ['b', 's'])),
    output: [makeValueInfo('logits', DataType.FLOAT, ['b', 's', N])],
  });
  const model = create(ModelProtoSchema, { irVersion: 8n, graph, opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: opset })] });
  const x = (ids: BigInt64Array) => {
    const out = new Float32Array(ids.length * K);
    ids.forEach((id, i) => out.set(table.subarray(Number(id) * K, Number(id) * K + K), i * K));
    return out;
  };
  return { model, x };
}

describe('LLM.int8 subgraph', () => {
  for (const opset of [17n, 18n]) {
    for (const threshold of [6, 0]) {
      it(`matches the TS reference (opset ${opset}, threshold ${threshold})`, async () => {
        const { model, x } = oneLinear(opset);
        // Its only Linear has vocab-sized output (a "decoder"), so select every Linear.
        const wb = new Workbench(model, { convention: 'all-linears' });
        await quantizeLlmInt8Layers(wb, { kind: 'int8', threshold, rest: 'fp32' });
        const ops = wb.graph.node.map((n) => n.opType);
        expect(ops).toContain('MatMulInteger');
        expect(ops.includes('NonZero')).toBe(threshold > 0);
        const session = await ort.InferenceSession.create(encodeModel(wb.model));
        const ids = BigInt64Array.from({ length: B * S }, (_, i) => BigInt((i * 7) % V));
        const out = await session.run({
          input_ids: new ort.Tensor('int64', ids, [B, S]),
          attention_mask: new ort.Tensor('int64', new BigInt64Array(B * S).fill(1n), [B, S]),
        });
        const cb = readTensor(wb.graph.initializer.find((t) => t.name.endsWith('.CB'))!) as Int8Array;
        const scb = readTensor(wb.graph.initializer.find((t) => t.name.endsWith('.SCB'))!) as Float32Array;
        const ref = llmInt8Linear(x(ids), B * S, K, cb, scb, N, threshold);
        const y = out.logits!.data as Float32Array;
        expect(out.logits!.dims).toEqual([B, S, N]);
        if (threshold > 0) {
          expect(ref.outlierColumns.length).toBeGreaterThan(0);
          expect(maxAbsDiff(y, ref.y)).toBeLessThanOrEqual(1e-6 * maxAbs(ref.y));
        } else {
          expect(maxAbsDiff(y, ref.y)).toBe(0);
        }
      });
    }
  }

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
