// Variant file names and the zipped model folder.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { onnxFileName } from '../../../src/core/export/names.ts';
import { zipModelFolder } from '../../../src/core/export/zip.ts';
import { QUANT_RECIPES } from '../../../src/core/recipes/spec.ts';

describe('onnxFileName', () => {
  it.each([
    ['fp32', 'model.onnx'],
    ['fp16', 'model_fp16.onnx'],
    ['nf4', 'model_bnb4.onnx'],
    ['int4', 'model_q4.onnx'],
    ['int4:rest=fp16', 'model_q4f16.onnx'],
    ['int4:asym,block=64', 'model_q4-asym-b64.onnx'],
    ['fp4', 'model_bnb4-fp4.onnx'],
    ['nf4-dq', 'model_bnb4-dq.onnx'],
    ['int8', 'model_llm-int8.onnx'],
    ['int8:threshold=0,rest=fp32', 'model_llm-int8-t0_rest-fp32.onnx'],
    ['int8-weight-only', 'model_int8-wo.onnx'],
    ['prune-l1:0.4+nf4', 'model_bnb4_pruned-l1-40.onnx'],
    ['prune-l1-global:0.125', 'model_pruned-global-12p5.onnx'],
    ['prune-2of4+int4', 'model_q4_pruned-2of4.onnx'],
    ['prune-ffn:0.5', 'model_pruned-ffn-50.onnx'],
  ])('%s → %s', (recipe, name) => expect(onnxFileName(recipe)).toBe(name));

  it('gives every quantization recipe its own name', () => {
    expect(new Set(QUANT_RECIPES.map(onnxFileName)).size).toBe(QUANT_RECIPES.length);
  });
});

describe('zipModelFolder', () => {
  it('lays the folder out as transformers.js expects', () => {
    const onnx = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const zip = zipModelFolder({ config: '{"model_type":"bert"}', tokenizer: '{}', tokenizerConfig: '{}', onnx: new Map([['model_bnb4.onnx', onnx]]) }, 'mini-bert-nf4');
    const files = unzipSync(zip);
    expect(Object.keys(files).filter((f) => !f.endsWith('/')).sort()).toEqual([
      'mini-bert-nf4/config.json', 'mini-bert-nf4/onnx/model_bnb4.onnx', 'mini-bert-nf4/tokenizer.json', 'mini-bert-nf4/tokenizer_config.json',
    ]);
    expect(files['mini-bert-nf4/onnx/model_bnb4.onnx']).toEqual(onnx);
    expect(new TextDecoder().decode(files['mini-bert-nf4/config.json'])).toBe('{"model_type":"bert"}');
  });
});
