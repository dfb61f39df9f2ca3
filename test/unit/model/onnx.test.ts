// The shipped mini-bert-sotu ONNX: loads in onnxruntime-web (wasm), has the hub BERT interface,
// and its initializer shapes agree with config.json.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import * as ort from 'onnxruntime-web';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataType, type ModelProto } from 'onnx-buf';

const modelDir = new URL('../../../public/models/mini-bert-sotu/', import.meta.url);
const onnxBytes = new Uint8Array(fs.readFileSync(new URL('onnx/model.onnx', modelDir)));

interface BertConfig {
  model_type: string; architectures: string[]; vocab_size: number; hidden_size: number;
  num_hidden_layers: number; num_attention_heads: number; intermediate_size: number; hidden_act: string;
  max_position_embeddings: number; type_vocab_size: number; layer_norm_eps: number; pad_token_id: number;
}
const config = JSON.parse(fs.readFileSync(new URL('config.json', modelDir), 'utf8')) as BertConfig;

function i64(values: number[], dims: number[]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);
}

describe('mini-bert-sotu config.json', () => {
  it('is a BERT masked-LM config with every dimension', () => {
    expect(config.model_type).toBe('bert');
    expect(config.architectures).toEqual(['BertForMaskedLM']);
    expect(config.hidden_act).toBe('gelu');
    expect(config.type_vocab_size).toBe(2);
    expect(config.pad_token_id).toBe(0);
    expect(config.layer_norm_eps).toBeGreaterThan(0);
    expect(config.hidden_size % config.num_attention_heads).toBe(0);
    for (const k of ['vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size',
      'max_position_embeddings'] as const) {
      expect(Number.isInteger(config[k]) && config[k] > 0).toBe(true);
    }
  });
});

describe('mini-bert-sotu ONNX graph', () => {
  const model: ModelProto = fromBinary(ModelProtoSchema, onnxBytes);
  const graph = model.graph!;
  const shapes = new Map(graph.initializer.map((t) => [t.name, t.dims.map(Number)]));

  it('is fp32, at most 16 MB, opset >= 14', () => {
    expect(onnxBytes.byteLength).toBeLessThanOrEqual(16 * 1024 * 1024);
    const opset = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
    expect(Number(opset!.version)).toBeGreaterThanOrEqual(14);
    for (const t of graph.initializer) {
      if (t.dims.length >= 2) expect(t.dataType).toBe(TensorProto_DataType.FLOAT);
    }
  });

  it('has int64 inputs input_ids/attention_mask/token_type_ids and logits output, dynamic batch and sequence', () => {
    expect(graph.input.map((i) => i.name)).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    expect(graph.output.map((o) => o.name)).toEqual(['logits']);
    for (const v of [...graph.input, ...graph.output]) {
      const tt = v.type!.value;
      expect(tt.case).toBe('tensorType');
      if (tt.case !== 'tensorType') continue;
      const dims = tt.value.shape!.dim.map((d) => d.value);
      expect(dims[0]!.case).toBe('dimParam');
      expect(dims[1]!.case).toBe('dimParam');
      if (v.name === 'logits') {
        expect(tt.value.elemType).toBe(TensorProto_DataType.FLOAT);
        expect(dims.length).toBe(3);
        expect(dims[2]).toEqual({ case: 'dimValue', value: BigInt(config.vocab_size) });
      } else {
        expect(tt.value.elemType).toBe(TensorProto_DataType.INT64);
        expect(dims.length).toBe(2);
      }
    }
  });

  it('has initializer shapes equal to the config dimensions', () => {
    const { vocab_size: V, hidden_size: H, intermediate_size: I, max_position_embeddings: P } = config;
    expect(shapes.get('bert.embeddings.word_embeddings.weight')).toEqual([V, H]);
    expect(shapes.get('bert.embeddings.position_embeddings.weight')).toEqual([P, H]);
    expect(shapes.get('bert.embeddings.token_type_embeddings.weight')).toEqual([config.type_vocab_size, H]);
    expect(shapes.get('cls.predictions.transform.dense.weight')).toEqual([H, H]);
    expect(shapes.get('cls.predictions.bias')).toEqual([V]);
    for (let l = 0; l < config.num_hidden_layers; l++) {
      const p = `bert.encoder.layer.${l}.`;
      for (const n of ['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense']) {
        expect(shapes.get(`${p}${n}.weight`)).toEqual([H, H]);
        expect(shapes.get(`${p}${n}.bias`)).toEqual([H]);
      }
      expect(shapes.get(`${p}intermediate.dense.weight`)).toEqual([H, I]);
      expect(shapes.get(`${p}intermediate.dense.bias`)).toEqual([I]);
      expect(shapes.get(`${p}output.dense.weight`)).toEqual([I, H]);
      expect(shapes.get(`${p}output.dense.bias`)).toEqual([H]);
    }
    expect(shapes.has(`bert.encoder.layer.${config.num_hidden_layers}.output.dense.weight`)).toBe(false);
    // the decoder is tied: no second [H, V] / [V, H] table
    const big = [...shapes.values()].filter((d) => d.includes(V) && d.length === 2);
    expect(big).toEqual([[V, H]]);
  });

  it('has every Linear as MatMul(x, W[in,out] initializer) followed by Add(bias initializer)', () => {
    const consumers = new Map<string, typeof graph.node>();
    for (const n of graph.node) for (const i of n.input) consumers.set(i, [...(consumers.get(i) ?? []), n]);
    const linears = graph.node.filter((n) => n.opType === 'MatMul' && shapes.has(n.input[1]!));
    expect(linears.length).toBe(6 * config.num_hidden_layers + 1);
    for (const mm of linears) {
      const next = consumers.get(mm.output[0]!) ?? [];
      expect(next.length).toBe(1);
      expect(next[0]!.opType).toBe('Add');
      const bias = next[0]!.input.find((i) => i !== mm.output[0])!;
      expect(shapes.get(bias)).toEqual([shapes.get(mm.input[1]!)![1]]);
    }
    // the attention heads: num_attention_heads * head_dim == hidden_size (Reshape target in the graph)
    expect(config.hidden_size / config.num_attention_heads).toBe(Math.floor(config.hidden_size / config.num_attention_heads));
  });
});

describe('mini-bert-sotu in onnxruntime-web (wasm)', () => {
  let session: ort.InferenceSession;
  beforeAll(async () => {
    ort.env.wasm.numThreads = 1;
    session = await ort.InferenceSession.create(onnxBytes, { executionProviders: ['wasm'] });
  }, 60_000);

  it('returns logits [batch, seq, vocab] for a padded batch', async () => {
    const ids = [2, 150, 151, 152, 153, 3, 2, 160, 161, 3, 0, 0];
    const mask = ids.map((v, i) => (i < 6 || v !== 0 ? 1 : 0));
    const out = await session.run({
      input_ids: i64(ids, [2, 6]),
      attention_mask: i64(mask, [2, 6]),
      token_type_ids: i64(new Array(12).fill(0), [2, 6]),
    });
    const logits = out.logits!;
    expect(logits.type).toBe('float32');
    expect(logits.dims).toEqual([2, 6, config.vocab_size]);
    const data = logits.data as Float32Array;
    expect(data.every((x) => Number.isFinite(x))).toBe(true);
  });

  it('ignores padding: a padded row equals the same row alone', async () => {
    const alone = await session.run({
      input_ids: i64([2, 160, 161, 3], [1, 4]),
      attention_mask: i64([1, 1, 1, 1], [1, 4]),
      token_type_ids: i64([0, 0, 0, 0], [1, 4]),
    });
    const padded = await session.run({
      input_ids: i64([2, 160, 161, 3, 0, 0], [1, 6]),
      attention_mask: i64([1, 1, 1, 1, 0, 0], [1, 6]),
      token_type_ids: i64([0, 0, 0, 0, 0, 0], [1, 6]),
    });
    const a = alone.logits!.data as Float32Array;
    const p = padded.logits!.data as Float32Array;
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - p[i]!));
    expect(maxDiff).toBeLessThan(1e-3);
  });
});
