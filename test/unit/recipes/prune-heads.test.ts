// prune-heads: structured removal of attention heads, on tiny 4-head BERTs whose head
// Reshapes are built like the hub's optimum export (Shape → Slice → Concat with Constant
// nodes) and from constant shape initializers, and on the embedded mini-BERT (Shape → Gather →
// Unsqueeze → Concat with Constant nodes; the merge Reshape takes hidden from Shape(input)).
// Proof: the small graph's logits (onnxruntime-web wasm) equal the ORIGINAL fp32 graph run with
// the removed heads' q/k/v columns and output rows zeroed. Tolerance 1e-5 · max|logit| (only
// float32 summation order differs: the output MatMul adds fewer terms).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelProto, NodeProto } from 'onnx-buf';
import { configFootprint } from '../../../src/core/footprint/config-footprint.ts';
import type { BertConfig } from '../../../src/core/footprint/bert-params.ts';
import { modelFootprint } from '../../../src/core/footprint/model-footprint.ts';
import { RecipeError } from '../../../src/core/onnx/errors.ts';
import { getIntAttribute } from '../../../src/core/onnx/graph.ts';
import { decodeModel } from '../../../src/core/onnx/proto.ts';
import { dimsOf, readTensor } from '../../../src/core/onnx/tensor.ts';
import { compressModel } from '../../../src/core/recipes/compress.ts';
import { parseRecipe } from '../../../src/core/recipes/spec.ts';
import { buildTinyBert, tinyBatch, tinyBertConfig, type TinyBertOptions } from '../../helpers/tiny-bert-onnx.ts';
import { logitsOf, maxAbs, maxAbsDiff, withWeights } from '../../helpers/ort-compare.ts';

const TINY: TinyBertOptions = { heads: 4 }; // hidden 36 → head_size 9
const config = tinyBertConfig(TINY);
const H = config.hidden_size;
const HEAD = H / config.num_attention_heads;
const batch = tinyBatch(config.vocab_size);
const TOLERANCE = 1e-5;

const init = (m: ModelProto, name: string) => m.graph!.initializer.find((t) => t.name === name);
const floats = (m: ModelProto, name: string) => readTensor(init(m, name)!) as Float32Array;

/** The int64 values a node input holds when it is an initializer or a Constant node's output. */
function constantValues(m: ModelProto, name: string): number[] | undefined {
  const t = init(m, name) ?? m.graph!.node.find((n) => n.opType === 'Constant' && n.output[0] === name)?.attribute[0]?.t;
  return t ? Array.from(readTensor(t) as BigInt64Array, Number) : undefined;
}

/** A Reshape's shape as far as it is constant: run-time pieces read as undefined. */
function reshapeTarget(m: ModelProto, reshape: NodeProto): (number | undefined)[] {
  const whole = constantValues(m, reshape.input[1]!);
  if (whole) return whole;
  const concat = m.graph!.node.find((n) => n.output[0] === reshape.input[1])!;
  expect(concat.opType).toBe('Concat');
  return concat.input.flatMap((i) => constantValues(m, i) ?? [undefined]);
}

const layerReshapes = (m: ModelProto, layer: number) =>
  m.graph!.node.filter((n) => n.opType === 'Reshape' && n.name.includes(`layer.${layer}/`));

/** What a layer's head Reshapes say: [heads, head_size] of q, k, v, then the merged width. */
const headShapes = (m: ModelProto, layer: number) =>
  layerReshapes(m, layer).map((n, i) => reshapeTarget(m, n).slice(i < 3 ? -2 : -1));

/** Heads ranked independently (float64): Σw² over q/k/v columns and output rows. */
function headsByNorm(base: ModelProto, layer: number, heads: number, headSize: number): number[] {
  const p = `bert.encoder.layer.${layer}.attention`;
  const width = heads * headSize;
  const sums = new Float64Array(heads);
  for (const name of ['self.query', 'self.key', 'self.value']) {
    const w = floats(base, `${p}.${name}.weight`);
    w.forEach((v, i) => (sums[Math.floor((i % width) / headSize)]! += v * v));
  }
  const o = floats(base, `${p}.output.dense.weight`);
  const cols = o.length / width;
  o.forEach((v, i) => (sums[Math.floor(Math.floor(i / cols) / headSize)]! += v * v));
  return Array.from(sums.keys()).sort((a, b) => sums[b]! - sums[a]! || a - b);
}

/** `base` with the given heads silenced: output rows zeroed, and (all) also q/k/v columns and biases. */
function silenced(base: ModelProto, layers: number, heads: number, headSize: number, removed: (layer: number) => number[], what: 'all' | 'output-rows' | 'qkv-columns'): ModelProto {
  const weights = new Map<string, Float32Array>();
  const width = heads * headSize;
  const removedByLayer = Array.from({ length: layers }, (_, l) => new Set(removed(l)));
  const gone = (j: number, l: number) => removedByLayer[l]!.has(Math.floor(j / headSize));
  for (let l = 0; l < layers; l++) {
    const p = `bert.encoder.layer.${l}.attention`;
    if (what !== 'output-rows') {
      for (const name of ['self.query', 'self.key', 'self.value']) {
        weights.set(`${p}.${name}.weight`, floats(base, `${p}.${name}.weight`).map((v, i) => (gone(i % width, l) ? 0 : v)));
        if (what === 'all') weights.set(`${p}.${name}.bias`, floats(base, `${p}.${name}.bias`).map((v, j) => (gone(j, l) ? 0 : v)));
      }
    }
    if (what !== 'qkv-columns') {
      const o = floats(base, `${p}.output.dense.weight`);
      const cols = o.length / width;
      weights.set(`${p}.output.dense.weight`, o.map((v, i) => (gone(Math.floor(i / cols), l) ? 0 : v)));
    }
  }
  return withWeights(base, weights);
}

for (const attentionShapes of ['shape-ops', 'initializers'] as const) {
  describe(`prune-heads on a 4-head tiny BERT (${attentionShapes} Reshapes)`, () => {
    const base = buildTinyBert({ ...TINY, attentionShapes });

    it('prune-heads:0.5 rebuilds q/k/v/output with 2 of 4 heads and rewrites the head Reshapes', async () => {
      const r = await compressModel(base, 'prune-heads:0.5');
      for (let l = 0; l < config.num_hidden_layers; l++) {
        const p = `bert.encoder.layer.${l}.attention`;
        for (const name of ['query', 'key', 'value']) {
          expect(dimsOf(init(r.model, `${p}.self.${name}.weight`)!)).toEqual([H, 2 * HEAD]);
          expect(dimsOf(init(r.model, `${p}.self.${name}.bias`)!)).toEqual([2 * HEAD]);
        }
        expect(dimsOf(init(r.model, `${p}.output.dense.weight`)!)).toEqual([2 * HEAD, H]);
        expect(dimsOf(init(r.model, `${p}.output.dense.bias`)!)).toEqual([H]);
        expect(headShapes(base, l)).toEqual([[4, HEAD], [4, HEAD], [4, HEAD], [H]]);
        expect(headShapes(r.model, l)).toEqual([[2, HEAD], [2, HEAD], [2, HEAD], [2 * HEAD]]);
        // The kept heads are the two of largest norm, in their original order.
        const keep = headsByNorm(base, l, 4, HEAD).slice(0, 2).sort((a, b) => a - b);
        const q = floats(base, `${p}.self.query.weight`);
        const small = floats(r.model, `${p}.self.query.weight`);
        for (let row = 0; row < H; row++) {
          keep.forEach((h, c) => {
            for (let i = 0; i < HEAD; i++) expect(small[row * 2 * HEAD + c * HEAD + i]).toBe(q[row * H + h * HEAD + i]);
          });
        }
      }
      // head_size is unchanged, so is the 1/√head_size scale; no stale shape nodes stay behind.
      expect(floats(r.model, '/bert/scale')).toEqual(floats(base, '/bert/scale'));
      const used = new Set(r.model.graph!.node.flatMap((n) => n.input));
      expect(r.model.graph!.node.filter((n) => n.opType === 'Constant' && !used.has(n.output[0]!))).toEqual([]);
      // Per layer 2 heads = 18 channels go: q/k/v columns and biases, output rows (4 bytes each).
      const floatBytes = (m: ModelProto) => m.graph!.initializer.reduce((s, t) => s + (t.dataType === 1 ? t.rawData.byteLength : 0), 0);
      expect(floatBytes(r.model)).toBe(floatBytes(base) - 4 * config.num_hidden_layers * (4 * H * 2 * HEAD + 3 * 2 * HEAD));
    });

    it('prune-heads:0.5 logits = fp32 with the removed heads zeroed (q/k/v columns and output rows)', async () => {
      const r = await compressModel(base, 'prune-heads:0.5', { keepEffectiveWeights: true });
      const removed = (l: number) => headsByNorm(base, l, 4, HEAD).slice(2);
      const logits = await logitsOf(r.model, batch);
      const all = await logitsOf(silenced(base, 2, 4, HEAD, removed, 'all'), batch);
      const rowsOnly = await logitsOf(silenced(base, 2, 4, HEAD, removed, 'output-rows'), batch);
      const columnsOnly = await logitsOf(silenced(base, 2, 4, HEAD, removed, 'qkv-columns'), batch);
      const effective = await logitsOf(withWeights(base, r.effective), batch);
      const bound = TOLERANCE * maxAbs(all);
      const diffs = [maxAbsDiff(logits, all), maxAbsDiff(logits, rowsOnly), maxAbsDiff(logits, effective)];
      console.log(`prune-heads:0.5 (${attentionShapes}): max|Δlogit| vs zeroed heads ${diffs.map((d) => d.toExponential(2)).join(', ')} (bound ${bound.toExponential(2)})`);
      for (const d of diffs) expect(d).toBeLessThanOrEqual(bound);
      // Zeroing the output rows is the exact equivalent; zeroing only q/k/v columns is not
      // (a head with zero q/k/v weights still attends uniformly and passes its value bias on).
      expect(maxAbsDiff(logits, columnsOnly)).toBeGreaterThan(100 * bound);
      expect(maxAbsDiff(logits, await logitsOf(base, batch))).toBeGreaterThan(100 * bound);
    });
  });
}

describe('prune-heads amounts, combinations and accounting (tiny BERT)', () => {
  const base = buildTinyBert(TINY);

  it.each([
    ['prune-heads:0', 4], ['prune-heads:0.25', 3], ['prune-heads:0.5', 2], ['prune-heads:0.6', 2], ['prune-heads:0.9', 1], ['prune-heads:99%', 1],
  ])('%s keeps %i of 4 heads per layer (round half to even, at least one)', async (recipe, kept) => {
    const r = await compressModel(base, recipe);
    expect(dimsOf(init(r.model, 'bert.encoder.layer.1.attention.self.key.weight')!)).toEqual([H, kept * HEAD]);
    expect(headShapes(r.model, 1)).toEqual([[kept, HEAD], [kept, HEAD], [kept, HEAD], [kept * HEAD]]);
    if (kept === 4) expect(maxAbsDiff(await logitsOf(r.model, batch), await logitsOf(base, batch))).toBe(0);
  });

  it.each([
    ['prune-heads:-0.1', 'amount -0.1'], ['prune-heads:1', 'amount 1'], ['prune-heads:1.5', 'amount 1.5'],
    ['prune-heads:NaN', 'amount NaN'], ['prune-heads:100%', 'amount 100%'], ['prune-heads', 'amount missing'],
  ])('%s is rejected: %s', (recipe, found) => {
    expect(() => parseRecipe(recipe)).toThrow(RecipeError);
    try {
      parseRecipe(recipe);
    } catch (error) {
      expect((error as RecipeError).code).toBe('bad-parameter');
      expect((error as RecipeError).detail.found).toContain(found);
      expect((error as Error).message).toMatch(/fraction of attention heads to remove per layer \(at least one head is always kept\) in \[0, 1\)/);
    }
  });

  it('prune-heads:0.25+nf4 quantizes the smaller weights; logits = small fp32 graph with the dequantized weights', async () => {
    const structured = await compressModel(base, 'prune-heads:0.25');
    const r = await compressModel(base, 'prune-heads:0.25+nf4', { keepEffectiveWeights: true });
    const bnb = r.model.graph!.node.filter((n) => n.opType === 'MatMulBnb4');
    const dims = (part: string) => bnb.filter((n) => n.name.includes(part)).map((n) => [getIntAttribute(n, 'K'), getIntAttribute(n, 'N')]);
    expect(dims('layer/0/attention/self/query')).toEqual([[H, 3 * HEAD]]);
    expect(dims('layer/0/attention/output/dense')).toEqual([[3 * HEAD, H]]);
    const logits = await logitsOf(r.model, batch);
    const reference = await logitsOf(withWeights(structured.model, r.effective), batch);
    expect(maxAbsDiff(logits, reference)).toBeLessThanOrEqual(TOLERANCE * maxAbs(reference));
  });

  it('combines with prune-ffn (both structured) into one smaller graph that runs', async () => {
    const r = await compressModel(base, 'prune-heads:0.5+prune-ffn:0.5');
    expect(dimsOf(init(r.model, 'bert.encoder.layer.0.attention.output.dense.weight')!)).toEqual([2 * HEAD, H]);
    expect(dimsOf(init(r.model, 'bert.encoder.layer.0.output.dense.weight')!)).toEqual([config.intermediate_size / 2, H]);
    expect((await logitsOf(r.model, batch)).every(Number.isFinite)).toBe(true);
  });

  it.each(['prune-heads:0.5', 'prune-heads:0.25+nf4', 'prune-heads:0.5+int4', 'prune-heads:0.5+fp16', 'prune-heads:0.5+prune-ffn:0.5+nf4-dq'])(
    '%s: footprint of the written model = config calculator',
    async (recipe) => {
      const r = await compressModel(base, recipe);
      const fromModel = modelFootprint(r);
      const fromConfig = configFootprint(config, recipe);
      expect(fromModel.parameters).toBe(fromConfig.parameters);
      expect(fromModel.transformersBytes).toBe(fromConfig.transformersBytes);
      expect(fromModel.trueBytes).toBe(fromConfig.trueBytes);
      expect(fromModel.sparse).toBeUndefined();
    },
  );

  it('config calculator on bert-base-cased: 3 of 12 heads removed (recomputed from shapes)', () => {
    const bert = {
      model_type: 'bert', architectures: ['BertForMaskedLM'], vocab_size: 28996, hidden_size: 768, num_hidden_layers: 12,
      num_attention_heads: 12, intermediate_size: 3072, max_position_embeddings: 512, type_vocab_size: 2,
    };
    const full = configFootprint(bert, 'fp32').parameters;
    expect(full).toBe(108_340_804);
    // Per layer 3 heads × 64 = 192 channels: q/k/v lose 192 × 768 weights and 192 biases each,
    // the output projection 768 × 192 weights (its bias stays).
    const removed = 12 * (4 * 192 * 768 + 3 * 192);
    expect(configFootprint(bert, 'prune-heads:0.25').parameters).toBe(full - removed);
    expect(configFootprint(bert, 'prune-heads:0.25').transformersBytes).toBe(configFootprint(bert, 'fp32').transformersBytes - 4 * removed);
    // nf4: 4-bit codes (half a byte each) of the smaller Linear weights.
    const quantizedBefore = 12 * (4 * 768 * 768 + 2 * 768 * 3072);
    const quantizedAfter = quantizedBefore - 12 * 4 * 192 * 768;
    const restAfter = full - removed - quantizedAfter;
    expect(configFootprint(bert, 'prune-heads:0.25+nf4').transformersBytes).toBe(quantizedAfter / 2 + 2 * restAfter + 2 * 512 * 8);
  });
});

describe('prune-heads on graphs it cannot rewrite', () => {
  it('a single-head graph without head Reshapes fails with a RecipeError naming what it expected', async () => {
    const error = await compressModel(buildTinyBert(), 'prune-heads:0.5').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecipeError);
    expect((error as RecipeError).code).toBe('bad-combination');
    expect((error as Error).message).toMatch(/Expected .*split into heads by one Reshape to \[batch, sequence, heads, head_size\]; found its output read by MatMul/);
  });

  it('a merge Reshape whose last element is neither heads·head_size nor -1 is refused', async () => {
    const model = buildTinyBert({ ...TINY, attentionShapes: 'initializers' });
    const shape = model.graph!.initializer.find((t) => t.name.endsWith('layer.0/attention/self/context/shape'))!;
    const bad = withWeights(model, new Map());
    const index = bad.graph!.initializer.findIndex((t) => t.name === shape.name);
    bad.graph!.initializer[index] = { ...shape, rawData: new Uint8Array(BigInt64Array.of(0n, 0n, 35n).buffer) };
    await expect(compressModel(bad, 'prune-heads:0.5')).rejects.toThrow(/to be 36 \(heads · head_size\) or -1; found 35/);
  });
});

describe('prune-heads on public/models/mini-bert-sotu', () => {
  const dir = new URL('../../../public/models/mini-bert-sotu/', import.meta.url);
  const load = () => decodeModel(new Uint8Array(fs.readFileSync(new URL('onnx/model.onnx', dir))), 'model.onnx');
  const c = JSON.parse(fs.readFileSync(new URL('config.json', dir), 'utf8')) as BertConfig;
  const headSize = c.hidden_size / c.num_attention_heads;

  it('prune-heads:0.5: 2 of 4 heads, rewritten Reshapes, logits = fp32 with those heads zeroed, footprint = config', async () => {
    const base = load();
    const r = await compressModel(base, 'prune-heads:0.5', { keepEffectiveWeights: true });
    const kept = 2 * headSize;
    for (let l = 0; l < c.num_hidden_layers; l++) {
      const p = `bert.encoder.layer.${l}.attention`;
      expect(dimsOf(init(r.model, `${p}.self.value.weight`)!)).toEqual([c.hidden_size, kept]);
      expect(dimsOf(init(r.model, `${p}.output.dense.weight`)!)).toEqual([kept, c.hidden_size]);
      // q/k/v split [b, s, 4, 48] → [b, s, 2, 48]; the merge took hidden from Shape(input)[2]
      // at run time and now reads the constant 96.
      expect(headShapes(base, l)).toEqual([[4, 48], [4, 48], [4, 48], [undefined]]);
      expect(headShapes(r.model, l)).toEqual([[2, 48], [2, 48], [2, 48], [kept]]);
    }
    expect(r.model.graph!.node.length).toBeLessThan(base.graph!.node.length);
    const removed = (l: number) => headsByNorm(base, l, c.num_attention_heads, headSize).slice(2);
    const batch16 = tinyBatch(c.vocab_size, 2, 16);
    const logits = await logitsOf(r.model, batch16);
    const reference = await logitsOf(silenced(base, c.num_hidden_layers, c.num_attention_heads, headSize, removed, 'all'), batch16);
    const diff = maxAbsDiff(logits, reference);
    console.log(`mini-bert prune-heads:0.5: max|Δlogit| ${diff.toExponential(2)} of max|logit| ${maxAbs(reference).toFixed(2)}`);
    expect(diff).toBeLessThanOrEqual(TOLERANCE * maxAbs(reference));
    expect(maxAbsDiff(await logitsOf(withWeights(base, r.effective), batch16), reference)).toBeLessThanOrEqual(TOLERANCE * maxAbs(reference));
    const fromModel = modelFootprint(r, { maxPositionEmbeddings: c.max_position_embeddings });
    const fromConfig = configFootprint(c, 'prune-heads:0.5');
    expect(fromModel.parameters).toBe(fromConfig.parameters);
    expect(fromModel.trueBytes).toBe(fromConfig.trueBytes);
    expect(fromConfig.parameters).toBe(configFootprint(c, 'fp32').parameters - c.num_hidden_layers * (4 * kept * c.hidden_size + 3 * kept));
  }, 120_000);
});
