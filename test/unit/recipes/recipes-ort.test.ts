// Proof that each recipe's graph is right: onnxruntime-web (wasm EP, in Node) runs the
// compressed graph, and its logits equal those of the ORIGINAL fp32 graph run with the
// weights the recipe effectively uses (dequantized codes, masked or fp16-rounded values).
// Tolerance: 1e-5 · max|logit| (float32 summation order inside the contrib kernels); the
// measured difference is 0 for every recipe below except LLM.int8 (tested in llm-int8.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelProto } from 'onnx-buf';
import { getIntAttribute } from '../../../src/core/onnx/graph.ts';
import { DataType, dimsOf, readTensor } from '../../../src/core/onnx/tensor.ts';
import { compressModel, type CompressResult } from '../../../src/core/recipes/compress.ts';
import { buildTinyBert, tinyBatch, tinyBertConfig } from '../../helpers/tiny-bert-onnx.ts';
import { logitsOf, maxAbs, maxAbsDiff, withWeights } from '../../helpers/ort-compare.ts';

const config = tinyBertConfig();
const base = buildTinyBert();
const batch = tinyBatch(config.vocab_size);
const H = config.hidden_size;
const I = config.intermediate_size;
const QUANTIZED_LINEARS = 6 * config.num_hidden_layers;

let fp32Logits: Float32Array;
beforeAll(async () => {
  fp32Logits = await logitsOf(base, batch);
});

async function proveAgainstEffectiveWeights(result: CompressResult): Promise<number> {
  const logits = await logitsOf(result.model, batch);
  const reference = await logitsOf(withWeights(base, result.effective), batch);
  const diff = maxAbsDiff(logits, reference);
  expect(diff).toBeLessThanOrEqual(1e-5 * maxAbs(reference));
  return diff;
}

const nodes = (m: ModelProto, op: string) => m.graph!.node.filter((n) => n.opType === op);
const init = (m: ModelProto, name: string) => m.graph!.initializer.find((t) => t.name === name)!;

describe('recipes on a tiny BERT (onnxruntime-web wasm)', () => {
  it('fp32 is an exact copy', async () => {
    const r = await compressModel(base, 'fp32', { keepEffectiveWeights: true });
    expect(maxAbsDiff(await logitsOf(r.model, batch), fp32Logits)).toBe(0);
  });

  it('fp16 stores every parameter as float16 behind a Cast and matches fp16-rounded weights', async () => {
    const r = await compressModel(base, 'fp16', { keepEffectiveWeights: true });
    const params = r.model.graph!.initializer.filter((t) => r.meta.get(t.name)?.kind === 'weight');
    expect(params.length).toBeGreaterThan(40);
    expect(params.every((t) => t.dataType === DataType.FLOAT16)).toBe(true);
    expect(nodes(r.model, 'Cast').filter((n) => getIntAttribute(n, 'to') === DataType.FLOAT).length).toBeGreaterThanOrEqual(params.length);
    expect(await proveAgainstEffectiveWeights(r)).toBe(0);
    expect(maxAbsDiff(await logitsOf(r.model, batch), fp32Logits)).toBeGreaterThan(0);
  });

  for (const [recipe, quantType] of [['nf4', 1], ['fp4', 0]] as const) {
    it(`${recipe}: MatMulBnb4 (block 64, quant_type ${quantType}) on the 12 encoder Linear layers only`, async () => {
      const r = await compressModel(base, recipe, { keepEffectiveWeights: true });
      const bnb = nodes(r.model, 'MatMulBnb4');
      expect(bnb).toHaveLength(QUANTIZED_LINEARS);
      for (const node of bnb) {
        expect(node.domain).toBe('com.microsoft');
        const [K, N] = [getIntAttribute(node, 'K')!, getIntAttribute(node, 'N')!];
        expect(getIntAttribute(node, 'block_size')).toBe(64);
        expect(getIntAttribute(node, 'quant_type')).toBe(quantType);
        const codes = init(r.model, node.input[1]!);
        const absmax = init(r.model, node.input[2]!);
        expect([codes.dataType, dimsOf(codes)]).toEqual([DataType.UINT8, [Math.ceil((N * K) / 2)]]);
        expect([absmax.dataType, dimsOf(absmax)]).toEqual([DataType.FLOAT, [Math.ceil((N * K) / 64)]]);
      }
      // The MLM transform and the tied decoder stay MatMul (transformers 4.x), stored fp16.
      const rest = nodes(r.model, 'MatMul').filter((n) => /transform|decoder/.test(n.name));
      expect(rest).toHaveLength(2);
      expect(init(r.model, 'cls.predictions.transform.dense.weight').dataType).toBe(DataType.FLOAT16);
      expect(r.model.opsetImport.some((o) => o.domain === 'com.microsoft')).toBe(true);
      await proveAgainstEffectiveWeights(r);
    });
  }

  it('nf4-dq stores absmax as uint8 codes + absmax2 per 256 blocks + offset, rebuilt in-graph', async () => {
    const r = await compressModel(base, 'nf4-dq', { keepEffectiveWeights: true });
    const kinds = [...r.meta.values()].map((m) => m.kind);
    expect(kinds.filter((k) => k === 'dq-codes')).toHaveLength(QUANTIZED_LINEARS);
    expect(kinds.filter((k) => k === 'dq-map')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'absmax')).toHaveLength(0);
    const codes = init(r.model, 'bert.encoder.layer.0.intermediate.dense.weight.absmax_codes');
    expect([codes.dataType, dimsOf(codes)]).toEqual([DataType.UINT8, [Math.ceil((H * I) / 64)]]);
    expect(dimsOf(init(r.model, 'bert.encoder.layer.0.intermediate.dense.weight.absmax2'))).toEqual([1, 1]);
    await proveAgainstEffectiveWeights(r);
  });

  for (const recipe of ['int4', 'int4:asym'] as const) {
    it(`${recipe}: MatMulNBits bits 4 block 32 in ORT's layout`, async () => {
      const r = await compressModel(base, recipe, { keepEffectiveWeights: true });
      const q4 = nodes(r.model, 'MatMulNBits');
      expect(q4).toHaveLength(QUANTIZED_LINEARS);
      for (const node of q4) {
        const [K, N] = [getIntAttribute(node, 'K')!, getIntAttribute(node, 'N')!];
        expect([getIntAttribute(node, 'bits'), getIntAttribute(node, 'block_size'), getIntAttribute(node, 'accuracy_level')]).toEqual([4, 32, undefined]);
        const blocks = Math.ceil(K / 32);
        expect(dimsOf(init(r.model, node.input[1]!))).toEqual([N, blocks, 16]);
        expect(dimsOf(init(r.model, node.input[2]!))).toEqual([N, blocks]);
        expect(node.input.length).toBe(recipe === 'int4' ? 3 : 4);
        if (recipe !== 'int4') expect(dimsOf(init(r.model, node.input[3]!))).toEqual([N, Math.ceil(blocks / 2)]);
      }
      await proveAgainstEffectiveWeights(r);
    });
  }

  it('int8-weight-only: per-channel int8 + DequantizeLinear(axis 1) + MatMul', async () => {
    const r = await compressModel(base, 'int8-weight-only', { keepEffectiveWeights: true });
    const dq = nodes(r.model, 'DequantizeLinear');
    expect(dq).toHaveLength(QUANTIZED_LINEARS);
    for (const node of dq) {
      const codes = init(r.model, node.input[0]!);
      expect(codes.dataType).toBe(DataType.INT8);
      expect(dimsOf(init(r.model, node.input[1]!))).toEqual([dimsOf(codes)[1]]);
      expect(getIntAttribute(node, 'axis')).toBe(1);
    }
    await proveAgainstEffectiveWeights(r);
  });

  it('prune-l1:0.4 zeroes round(0.4·n) weights of every encoder Linear layer, nothing else', async () => {
    const r = await compressModel(base, 'prune-l1:0.4', { keepEffectiveWeights: true });
    for (const l of r.linears) {
      const w = readTensor(init(r.model, l.weight)) as Float32Array;
      const zeros = w.filter((v) => v === 0).length;
      expect(zeros).toBe(l.quantize ? Math.round(0.4 * w.length) : 0);
      if (l.quantize) expect(r.pruned.get(l.weight)!.nonZero).toBe(w.length - zeros);
    }
    await proveAgainstEffectiveWeights(r);
  });

  it('prune-l1-global:0.4 prunes 40 % of all encoder Linear weights together', async () => {
    const r = await compressModel(base, 'prune-l1-global:0.4', { keepEffectiveWeights: true });
    const stats = [...r.pruned.values()];
    const total = stats.reduce((s, x) => s + x.total, 0);
    expect(total - stats.reduce((s, x) => s + x.nonZero, 0)).toBe(Math.round(0.4 * total));
    expect(new Set(stats.map((s) => s.nonZero / s.total)).size).toBeGreaterThan(1);
    await proveAgainstEffectiveWeights(r);
  });

  it('prune-2of4 leaves at most 2 non-zeros in every 4 consecutive inputs of an output', async () => {
    const r = await compressModel(base, 'prune-2of4', { keepEffectiveWeights: true });
    const l = r.linears.find((x) => x.role === 'intermediate')!;
    const w = readTensor(init(r.model, l.weight)) as Float32Array;
    for (let n = 0; n < l.outFeatures; n++) {
      for (let k = 0; k < l.inFeatures; k += 4) {
        const group = [0, 1, 2, 3].filter((j) => k + j < l.inFeatures).map((j) => w[(k + j) * l.outFeatures + n]!);
        expect(group.filter((v) => v !== 0).length).toBeLessThanOrEqual(2);
      }
    }
    await proveAgainstEffectiveWeights(r);
  });

  it('prune-ffn:0.5 rebuilds a smaller graph equal to the original with those neurons silenced', async () => {
    const r = await compressModel(base, 'prune-ffn:0.5', { keepEffectiveWeights: true });
    expect(dimsOf(init(r.model, 'bert.encoder.layer.0.intermediate.dense.weight'))).toEqual([H, I / 2]);
    expect(dimsOf(init(r.model, 'bert.encoder.layer.0.intermediate.dense.bias'))).toEqual([I / 2]);
    expect(dimsOf(init(r.model, 'bert.encoder.layer.0.output.dense.weight'))).toEqual([I / 2, H]);
    const logits = await logitsOf(r.model, batch);
    const reference = await logitsOf(withWeights(base, r.effective), batch);
    expect(maxAbsDiff(logits, reference)).toBeLessThanOrEqual(1e-5 * maxAbs(reference));
  });

  it('prune-l1:0.4+nf4 quantizes the pruned weights: pruned positions dequantize to exactly 0', async () => {
    const pruned = await compressModel(base, 'prune-l1:0.4', { keepEffectiveWeights: true });
    const r = await compressModel(base, 'prune-l1:0.4+nf4', { keepEffectiveWeights: true });
    for (const [name, w] of pruned.effective) {
      const q = r.effective.get(name)!;
      for (let i = 0; i < w.length; i++) if (w[i] === 0) expect(q[i]).toBe(0);
    }
    await proveAgainstEffectiveWeights(r);
  });

  it('prune-ffn:0.5+int4 quantizes the smaller weights', async () => {
    const structured = await compressModel(base, 'prune-ffn:0.5');
    const r = await compressModel(base, 'prune-ffn:0.5+int4', { keepEffectiveWeights: true });
    const inter = nodes(r.model, 'MatMulNBits').find((n) => n.name.includes('intermediate'))!;
    expect(getIntAttribute(inter, 'N')).toBe(I / 2);
    const logits = await logitsOf(r.model, batch);
    const reference = await logitsOf(withWeights(structured.model, r.effective), batch);
    expect(maxAbsDiff(logits, reference)).toBeLessThanOrEqual(1e-5 * maxAbs(reference));
  });

  it('does not modify its input model', async () => {
    const before = base.graph!.initializer.map((t) => [t.name, t.dataType, t.rawData.byteLength].join());
    await compressModel(base, 'prune-l1:0.5+nf4-dq');
    expect(base.graph!.initializer.map((t) => [t.name, t.dataType, t.rawData.byteLength].join())).toEqual(before);
    expect(maxAbsDiff(await logitsOf(base, batch), fp32Logits)).toBe(0);
  });
});
