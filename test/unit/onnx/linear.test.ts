// Which Linear layers a recipe quantizes, as transformers decides it for BERT MLM.
import { describe, expect, it } from 'vitest';
import { findLinearLayers } from '../../../src/core/onnx/linear.ts';
import { buildTinyBert } from '../../helpers/tiny-bert-onnx.ts';

const ENCODER = ['attention.query', 'attention.key', 'attention.value', 'attention.output', 'intermediate', 'output'];

describe('findLinearLayers', () => {
  it('finds 6 encoder Linear layers per block, the MLM transform and the decoder, with biases', () => {
    const layers = findLinearLayers(buildTinyBert({ layers: 3 }), 'transformers-4', 96);
    expect(layers.map((l) => l.role)).toEqual([...ENCODER, ...ENCODER, ...ENCODER, 'mlm-transform', 'mlm-decoder']);
    expect(layers.slice(0, 18).map((l) => l.layerIndex)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2]);
    expect(layers.every((l) => l.bias)).toBe(true);
    expect(layers.find((l) => l.role === 'intermediate')).toMatchObject({ inFeatures: 36, outFeatures: 72 });
  });

  it.each([
    ['transformers-4', 18],
    ['transformers-5', 19],
    ['all-linears', 20],
  ] as const)('%s quantizes %i of 20', (convention, count) => {
    const layers = findLinearLayers(buildTinyBert({ layers: 3 }), convention, 96);
    expect(layers.filter((l) => l.quantize)).toHaveLength(count);
    if (convention !== 'all-linears') expect(layers.find((l) => l.role === 'mlm-decoder')!.quantize).toBe(false);
  });

  it('a tied decoder (MatMul on Transpose(word_embeddings)) is not a Linear layer at all', () => {
    const layers = findLinearLayers(buildTinyBert({ decoder: 'tied' }), 'all-linears', 96);
    expect(layers.some((l) => l.role === 'mlm-decoder')).toBe(false);
  });

  it('anonymous exports (onnx::MatMul_N, no node names) get roles from their position', () => {
    const model = buildTinyBert();
    let i = 0;
    for (const node of model.graph!.node) node.name = '';
    for (const t of model.graph!.initializer) {
      if (t.dims.length !== 2 || !t.name.endsWith('.weight') || t.name.includes('embeddings')) continue;
      const old = t.name;
      t.name = `onnx::MatMul_${i++}`;
      for (const n of model.graph!.node) n.input = n.input.map((x) => (x === old ? t.name : x));
    }
    const layers = findLinearLayers(model, 'transformers-4', 96);
    expect(layers.map((l) => l.role)).toEqual([...ENCODER, ...ENCODER, 'mlm-transform', 'mlm-decoder']);
    expect(layers.filter((l) => l.quantize)).toHaveLength(12);
  });
});
