// Memory accounting: the config-only calculator on bert-base-cased (numbers recomputed here
// independently from shapes), and agreement with the tensors our recipes actually write.
import { describe, expect, it } from 'vitest';
import { configFootprint } from '../../../src/core/footprint/config-footprint.ts';
import { modelFootprint } from '../../../src/core/footprint/model-footprint.ts';
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { compressModel } from '../../../src/core/recipes/compress.ts';
import { buildTinyBert, tinyBertConfig } from '../../helpers/tiny-bert-onnx.ts';

const BERT_BASE_CASED = {
  model_type: 'bert', architectures: ['BertForMaskedLM'], vocab_size: 28996, hidden_size: 768, num_hidden_layers: 12,
  num_attention_heads: 12, intermediate_size: 3072, max_position_embeddings: 512, type_vocab_size: 2,
};

// Independent count: embeddings, 12 × (4 attention Linear + 2 LayerNorm + 2 FFN Linear), MLM head
// (transform dense + LayerNorm + decoder bias; the decoder weight is the word embeddings).
const V = 28996, Hd = 768, F = 3072, L = 12, P = 512;
const embeddings = V * Hd + P * Hd + 2 * Hd + 2 * Hd;
const attentionLinear = Hd * Hd + Hd;
const perLayer = 4 * attentionLinear + 2 * Hd + (Hd * F + F) + (F * Hd + Hd) + 2 * Hd;
const head = Hd * Hd + Hd + 2 * Hd + V;
const PARAMS = embeddings + L * perLayer + head;
const BUFFERS = 2 * P * 8;
const quantizedWeights = L * (4 * Hd * Hd + 2 * Hd * F); // the 72 encoder Linear weights
const quantizedRows = L * (4 * Hd + F + Hd); // their output features
const rest = PARAMS - quantizedWeights;

describe('config-only footprint of bert-base-cased', () => {
  it('counts 108,340,804 parameters, as transformers does', () => {
    expect(PARAMS).toBe(108_340_804);
    expect(configFootprint(BERT_BASE_CASED, 'fp32').parameters).toBe(PARAMS);
  });

  it.each([
    // recipe, (a) get_memory_footprint, (b) true bytes
    ['fp32', 4 * PARAMS + BUFFERS, 4 * PARAMS + BUFFERS],
    ['fp16', 2 * PARAMS + BUFFERS, 2 * PARAMS + BUFFERS],
    ['int8', quantizedWeights + 2 * rest + BUFFERS, quantizedWeights + 4 * quantizedRows + 2 * rest + BUFFERS],
    ['nf4', quantizedWeights / 2 + 2 * rest + BUFFERS, quantizedWeights / 2 + (4 * quantizedWeights) / 64 + 2 * rest + BUFFERS],
    ['fp4', quantizedWeights / 2 + 2 * rest + BUFFERS, quantizedWeights / 2 + (4 * quantizedWeights) / 64 + 2 * rest + BUFFERS],
    ['nf4:rest=fp32', quantizedWeights / 2 + 4 * rest + BUFFERS, quantizedWeights / 2 + (4 * quantizedWeights) / 64 + 4 * rest + BUFFERS],
    // int4: block 32 along K, float32 scale per block and output.
    ['int4', quantizedWeights / 2 + 4 * rest + BUFFERS, quantizedWeights / 2 + (4 * quantizedWeights) / 32 + 4 * rest + BUFFERS],
    ['int8-weight-only', quantizedWeights + 4 * rest + BUFFERS, quantizedWeights + 4 * quantizedRows + 4 * rest + BUFFERS],
  ])('%s: (a) %i bytes, (b) %i bytes', (recipe, a, b) => {
    const fp = configFootprint(BERT_BASE_CASED, recipe);
    expect(fp.transformersBytes).toBe(a);
    expect(fp.trueBytes).toBe(b);
  });

  it('nf4-dq: absmax as one byte per block + float32 per 256 blocks + offset, map once', () => {
    const perWeight = (n: number) => {
      const blocks = n / 64;
      return n / 2 + blocks + 4 * Math.ceil(blocks / 256) + 4;
    };
    // Each layer: 4 × [768, 768], [3072, 768], [768, 3072].
    const layerBytes = 4 * perWeight(Hd * Hd) + 2 * perWeight(Hd * F);
    const fp = configFootprint(BERT_BASE_CASED, 'nf4-dq');
    expect(fp.trueBytes).toBe(L * layerBytes + 2 * rest + BUFFERS + 1024);
    expect(fp.transformersBytes).toBe(configFootprint(BERT_BASE_CASED, 'nf4').transformersBytes);
  });

  it('transformers 5.x convention also quantizes the MLM transform dense', () => {
    const v4 = configFootprint(BERT_BASE_CASED, 'nf4');
    const v5 = configFootprint(BERT_BASE_CASED, 'nf4', { convention: 'transformers-5' });
    expect(v4.transformersBytes - v5.transformersBytes).toBe(2 * Hd * Hd - (Hd * Hd) / 2);
  });

  it('pruning: dense bytes unchanged, sparse formats and torch.prune masks accounted', () => {
    const fp = configFootprint(BERT_BASE_CASED, 'prune-l1:0.4');
    expect(fp.transformersBytes).toBe(4 * PARAMS + BUFFERS);
    const s = fp.sparse!;
    expect(s.dense).toBe(4 * quantizedWeights);
    const nonZero = L * (4 * (Hd * Hd - Math.round(0.4 * Hd * Hd)) + 2 * (Hd * F - Math.round(0.4 * Hd * F)));
    expect(s.csr32).toBe(8 * nonZero + 4 * (quantizedRows + 72));
    expect(s.csr16).toBe(6 * nonZero + 4 * (quantizedRows + 72));
    expect(s.bitmask).toBe(quantizedWeights / 8 + 4 * nonZero);
    expect(s.torchPruneTransformersBytes).toBe(4 * PARAMS + BUFFERS + 4 * quantizedWeights);
  });

  it('structured FFN pruning shrinks the parameter count', () => {
    const fp = configFootprint(BERT_BASE_CASED, 'prune-ffn:0.5');
    expect(fp.parameters).toBe(PARAMS - L * (F / 2) * (2 * Hd + 1));
  });

  it('rejects a config that is not a BERT masked LM', () => {
    expect(() => configFootprint({ ...BERT_BASE_CASED, architectures: ['GPT2LMHeadModel'], model_type: 'gpt2' }, 'fp32')).toThrow(/BertForMaskedLM/);
  });
});

describe('footprint of written models = config calculator (tiny BERT)', () => {
  const config = tinyBertConfig();
  const base = buildTinyBert();
  it.each(['fp32', 'fp16', 'int8', 'int8:threshold=0', 'int8-weight-only', 'nf4', 'fp4', 'nf4-dq', 'nf4:rest=fp32', 'int4', 'int4:asym', 'prune-l1:0.4', 'prune-2of4+nf4', 'prune-ffn:0.5', 'prune-ffn:0.5+int4'])(
    '%s',
    async (recipe) => {
      const r = await compressModel(base, recipe);
      const file = encodeModel(r.model).byteLength;
      const fromModel = modelFootprint(r, { onnxFileBytes: file });
      const fromConfig = configFootprint(config, recipe);
      expect(fromModel.parameters).toBe(fromConfig.parameters);
      expect(fromModel.transformersBytes).toBe(fromConfig.transformersBytes);
      expect(fromModel.trueBytes).toBe(fromConfig.trueBytes);
      expect(fromModel.notes.join(' ')).toMatch(/transposed copy of the word embeddings/);
      expect(fromModel.onnxFileBytes).toBe(file);
      if (fromConfig.sparse) expect(fromModel.sparse).toMatchObject({ dense: fromConfig.sparse.dense, csr32: fromConfig.sparse.csr32, bitmask: fromConfig.sparse.bitmask });
    },
  );
});
