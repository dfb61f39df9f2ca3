// A tiny BERT masked LM built node by node, named like a transformers/optimum export, so
// recipe tests do not depend on the trained model. Every Linear role of BertForMaskedLM is
// present (q, k, v, attention output, intermediate, output per layer, the MLM transform and
// the decoder). By default attention has a single head and no Reshapes (short); with
// `heads` > 1 it splits and merges heads with Reshapes like the exports do (`attentionShapes`).
import { create } from '@bufbuild/protobuf';
import {
  AttributeProtoSchema, AttributeProto_AttributeType, GraphProtoSchema, ModelProtoSchema, NodeProtoSchema, OperatorSetIdProtoSchema,
  type ModelProto, type NodeProto, type TensorProto,
} from 'onnx-buf';
import { makeNode, makeValueInfo, type AttributeValue } from '../../src/core/onnx/graph.ts';
import { DataType, makeTensor } from '../../src/core/onnx/tensor.ts';
import { normalSample } from '../../src/core/random.ts';

export interface TinyBertOptions {
  vocab?: number;
  hidden?: number;
  intermediate?: number;
  layers?: number;
  maxPositions?: number;
  seed?: number;
  /** 'separate': decoder weight its own [hidden, vocab] initializer (optimum exports);
   *  'tied': MatMul(h, Transpose(word_embeddings)). */
  decoder?: 'separate' | 'tied';
  /** LayerNorm gains of these hidden channels are set to 10, creating activation outliers ≥ 6. */
  outlierChannels?: number[];
  /** Standard deviation of the weights (BERT initializes with 0.02). */
  weightStd?: number;
  /** Attention heads (must divide hidden); 1 (default) builds attention without Reshapes. */
  heads?: number;
  /**
   * How the head Reshapes get their shapes (heads > 1):
   * 'shape-ops' (default) like the hub's optimum export of bert-base-cased: Shape → Slice →
   *   Concat with Constant nodes [heads], [head_size] (split) and [hidden] (merge);
   * 'initializers': constant shape initializers [0, 0, heads, head_size] and [0, 0, hidden].
   */
  attentionShapes?: 'shape-ops' | 'initializers';
}

export interface TinyBertConfig {
  vocab_size: number; hidden_size: number; intermediate_size: number; num_hidden_layers: number;
  num_attention_heads: number; max_position_embeddings: number; type_vocab_size: number;
}

export function tinyBertConfig(o: TinyBertOptions = {}): TinyBertConfig {
  return {
    vocab_size: o.vocab ?? 96, hidden_size: o.hidden ?? 36, intermediate_size: o.intermediate ?? 72,
    num_hidden_layers: o.layers ?? 2, num_attention_heads: o.heads ?? 1, max_position_embeddings: o.maxPositions ?? 16, type_vocab_size: 2,
  };
}

export function buildTinyBert(o: TinyBertOptions = {}): ModelProto {
  const c = tinyBertConfig(o);
  const H = c.hidden_size;
  let seed = o.seed ?? 1;
  const std = o.weightStd ?? 0.2;
  const nodes: NodeProto[] = [];
  const inits: TensorProto[] = [];
  const param = (name: string, dims: number[], fill?: number): string => {
    const n = dims.reduce((a, b) => a * b, 1);
    const values = fill === undefined ? normalSample(n, seed++, 0, std) : new Float32Array(n).fill(fill);
    inits.push(makeTensor(name, DataType.FLOAT, dims, values));
    return name;
  };
  const constant = (name: string, dataType: DataType, values: ArrayBufferView & { length: number }, dims = [values.length]): string => {
    inits.push(makeTensor(name, dataType, dims, values));
    return name;
  };
  const op = (type: string, inputs: string[], name: string, attrs: Record<string, AttributeValue> = {}): string => {
    nodes.push(makeNode(type, inputs, [`${name}_output_0`], name, attrs));
    return `${name}_output_0`;
  };
  const linear = (x: string, prefix: string, nIn: number, nOut: number): string => {
    const w = param(`${prefix}.weight`, [nIn, nOut]);
    const b = param(`${prefix}.bias`, [nOut]);
    const path = `/${prefix.replace(/\./g, '/')}`;
    return op('Add', [op('MatMul', [x, w], `${path}/MatMul`), b], `${path}/Add`);
  };
  const layerNorm = (x: string, prefix: string): string => {
    const gamma = param(`${prefix}.weight`, [H], 1);
    if (o.outlierChannels) {
      const g = inits[inits.length - 1]!;
      const values = new Float32Array(g.rawData.slice().buffer);
      for (const ch of o.outlierChannels) values[ch] = 10;
      inits[inits.length - 1] = makeTensor(g.name, DataType.FLOAT, [H], values);
    }
    return op('LayerNormalization', [x, gamma, param(`${prefix}.bias`, [H], 0)], `/${prefix.replace(/\./g, '/')}/LayerNorm`, { axis: -1, epsilon: { float: 1e-12 } });
  };
  const gelu = (x: string, path: string): string => {
    const sqrt2 = constant(`${path}.sqrt2`, DataType.FLOAT, Float32Array.of(Math.SQRT2), []);
    const half = constant(`${path}.half`, DataType.FLOAT, Float32Array.of(0.5), []);
    const one = constant(`${path}.one`, DataType.FLOAT, Float32Array.of(1), []);
    const erf = op('Erf', [op('Div', [x, sqrt2], `${path}/Div`)], `${path}/Erf`);
    return op('Mul', [op('Mul', [x, op('Add', [erf, one], `${path}/Add`)], `${path}/Mul`), half], `${path}/Mul_1`);
  };

  // Embeddings: word + position[0:seq] + token type, then LayerNorm.
  const wordEmb = param('bert.embeddings.word_embeddings.weight', [c.vocab_size, H]);
  const posEmb = param('bert.embeddings.position_embeddings.weight', [c.max_position_embeddings, H]);
  const typeEmb = param('bert.embeddings.token_type_embeddings.weight', [c.type_vocab_size, H]);
  const seqLen = op('Shape', ['input_ids'], '/bert/embeddings/Shape', { start: 1, end: 2 });
  const zero = constant('/bert/embeddings/zero', DataType.INT64, BigInt64Array.of(0n));
  const positions = op('Slice', [posEmb, zero, seqLen, zero], '/bert/embeddings/Slice');
  const words = op('Gather', [wordEmb, 'input_ids'], '/bert/embeddings/word_embeddings/Gather');
  const types = op('Gather', [typeEmb, 'token_type_ids'], '/bert/embeddings/token_type_embeddings/Gather');
  const summed = op('Add', [op('Add', [words, positions], '/bert/embeddings/Add'), types], '/bert/embeddings/Add_1');
  let x = layerNorm(summed, 'bert.embeddings.LayerNorm');

  // Extended attention mask: (1 - mask) * -10000, broadcast over query positions.
  const maskF = op('Cast', ['attention_mask'], '/bert/Cast', { to: DataType.FLOAT });
  const inverted = op('Sub', [constant('/bert/one', DataType.FLOAT, Float32Array.of(1), []), maskF], '/bert/Sub');
  const extMask = op('Unsqueeze', [op('Mul', [inverted, constant('/bert/neg', DataType.FLOAT, Float32Array.of(-10000), [])], '/bert/Mul'), constant('/bert/axis1', DataType.INT64, BigInt64Array.of(1n))], '/bert/Unsqueeze');
  const heads = c.num_attention_heads;
  const headSize = H / heads;
  if (!Number.isInteger(headSize)) throw new Error(`buildTinyBert: ${heads} heads do not divide hidden ${H}`);
  const scale = constant('/bert/scale', DataType.FLOAT, Float32Array.of(Math.sqrt(headSize)), []);
  // Multi-head scores are [batch, heads, query, key]: the mask needs one more axis.
  const headMask = heads > 1 ? op('Unsqueeze', [extMask, constant('/bert/axis1_heads', DataType.INT64, BigInt64Array.of(1n))], '/bert/Unsqueeze_heads') : extMask;
  const constantNode = (name: string, values: bigint[]): string => {
    const value = create(AttributeProtoSchema, { name: 'value', type: AttributeProto_AttributeType.TENSOR, t: makeTensor(name, DataType.INT64, [values.length], BigInt64Array.from(values)) });
    nodes.push(create(NodeProtoSchema, { opType: 'Constant', input: [], output: [`${name}_output_0`], name, attribute: [value] }));
    return `${name}_output_0`;
  };
  /** Shape input of a Reshape keeping x's leading `keep` dims and appending `tail`. */
  const shapeOf = (x: string, path: string, keep: number, tail: bigint[]): string => {
    if (o.attentionShapes === 'initializers') return constant(`${path}/shape`, DataType.INT64, BigInt64Array.from([...Array<bigint>(keep).fill(0n), ...tail]));
    const lead = op('Slice', [op('Shape', [x], `${path}/Shape`), constantNode(`${path}/Constant_start`, [0n]), constantNode(`${path}/Constant_end`, [BigInt(keep)])], `${path}/Slice`);
    return op('Concat', [lead, ...tail.map((t, i) => constantNode(`${path}/Constant_${i}`, [t]))], `${path}/Concat`, { axis: 0 });
  };

  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `bert.encoder.layer.${l}`;
    const self = `/${p}/attention/self`;
    let q = linear(x, `${p}.attention.self.query`, H, H);
    let k = linear(x, `${p}.attention.self.key`, H, H);
    let v = linear(x, `${p}.attention.self.value`, H, H);
    if (heads > 1) {
      // transpose_for_scores: [b, s, H] → [b, s, heads, head_size] → [b, heads, s, head_size].
      const split = (t: string, name: string, perm: number[]) =>
        op('Transpose', [op('Reshape', [t, shapeOf(t, `${self}/${name}`, 2, [BigInt(heads), BigInt(headSize)])], `${self}/${name}/Reshape`)], `${self}/${name}/Transpose`, { perm });
      [q, k, v] = [split(q, 'q', [0, 2, 1, 3]), split(k, 'k', [0, 2, 3, 1]), split(v, 'v', [0, 2, 1, 3])];
    }
    const kT = heads > 1 ? k : op('Transpose', [k], `${self}/Transpose`, { perm: [0, 2, 1] });
    const scores = op('Add', [op('Div', [op('MatMul', [q, kT], `${self}/MatMul_qk`), scale], `${self}/Div`), headMask], `${self}/Add_mask`);
    const probs = op('Softmax', [scores], `${self}/Softmax`, { axis: -1 });
    let context = op('MatMul', [probs, v], `${self}/MatMul_pv`);
    if (heads > 1) {
      const merged = op('Transpose', [context], `${self}/Transpose_context`, { perm: [0, 2, 1, 3] });
      context = op('Reshape', [merged, shapeOf(merged, `${self}/context`, 2, [BigInt(H)])], `${self}/context/Reshape`);
    }
    const attnOut = linear(context, `${p}.attention.output.dense`, H, H);
    const a = layerNorm(op('Add', [attnOut, x], `/${p}/attention/output/Add_res`), `${p}.attention.output.LayerNorm`);
    const inter = gelu(linear(a, `${p}.intermediate.dense`, H, c.intermediate_size), `/${p}/intermediate/gelu`);
    const out = linear(inter, `${p}.output.dense`, c.intermediate_size, H);
    x = layerNorm(op('Add', [out, a], `/${p}/output/Add_res`), `${p}.output.LayerNorm`);
  }

  const t = layerNorm(gelu(linear(x, 'cls.predictions.transform.dense', H, H), '/cls/predictions/transform/gelu'), 'cls.predictions.transform.LayerNorm');
  let decoderWeight: string;
  if (o.decoder === 'tied') {
    decoderWeight = op('Transpose', [wordEmb], '/cls/predictions/decoder/Transpose', { perm: [1, 0] });
  } else {
    // optimum's export: the tie is lost and the transposed embedding becomes its own tensor.
    const e = inits.find((i) => i.name === wordEmb)!;
    const src = new Float32Array(e.rawData.slice().buffer);
    const transposed = new Float32Array(src.length);
    for (let r = 0; r < c.vocab_size; r++) for (let col = 0; col < H; col++) transposed[col * c.vocab_size + r] = src[r * H + col]!;
    decoderWeight = constant('onnx::MatMul_decoder', DataType.FLOAT, transposed, [H, c.vocab_size]);
  }
  const decoded = op('MatMul', [t, decoderWeight], '/cls/predictions/decoder/MatMul');
  nodes.push(makeNode('Add', [decoded, param('cls.predictions.bias', [c.vocab_size])], ['logits'], '/cls/predictions/decoder/Add'));

  const graph = create(GraphProtoSchema, {
    name: 'tiny-bert', node: nodes, initializer: inits,
    input: ['input_ids', 'attention_mask', 'token_type_ids'].map((n) => makeValueInfo(n, DataType.INT64, ['batch_size', 'sequence_length'])),
    output: [makeValueInfo('logits', DataType.FLOAT, ['batch_size', 'sequence_length', c.vocab_size])],
  });
  return create(ModelProtoSchema, {
    irVersion: 8n, producerName: 'bitlab-test', graph,
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: 17n })],
  });
}

/** A deterministic batch of token ids with some padding in the second row. */
export function tinyBatch(vocab: number, batch = 2, sequence = 7): { inputIds: BigInt64Array; attentionMask: BigInt64Array; batch: number; sequence: number } {
  const inputIds = new BigInt64Array(batch * sequence);
  const attentionMask = new BigInt64Array(batch * sequence);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < sequence; s++) {
      const real = s < sequence - 2 * b;
      inputIds[b * sequence + s] = real ? BigInt((7 * b + 13 * s + 3) % vocab) : 0n;
      attentionMask[b * sequence + s] = real ? 1n : 0n;
    }
  }
  return { inputIds, attentionMask, batch, sequence };
}
