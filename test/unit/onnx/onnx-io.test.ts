// Reading and writing ONNX: round trips, typed fields vs raw_data, external data, and the
// named errors for files we cannot use.
import { create } from '@bufbuild/protobuf';
import { TensorProtoSchema, TensorProto_DataLocation } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../../src/core/onnx/errors.ts';
import { decodeModelWithExternalData, externalizeData, externalLocations } from '../../../src/core/onnx/external.ts';
import { cloneModel } from '../../../src/core/onnx/graph.ts';
import { findLinearLayers } from '../../../src/core/onnx/linear.ts';
import { decodeModel, encodeModel } from '../../../src/core/onnx/proto.ts';
import { DataType, readTensor } from '../../../src/core/onnx/tensor.ts';
import { validateMaskedLm } from '../../../src/core/onnx/validate.ts';
import { makeValueInfo } from '../../../src/core/onnx/graph.ts';
import { buildTinyBert, tinyBatch } from '../../helpers/tiny-bert-onnx.ts';
import { logitsOf } from '../../helpers/ort-compare.ts';

function formatError(fn: () => unknown): ModelFormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    return error as ModelFormatError;
  }
  throw new Error('expected a ModelFormatError');
}

describe('ONNX bytes', () => {
  it('round-trips a model byte for byte', () => {
    const bytes = encodeModel(buildTinyBert());
    expect(encodeModel(decodeModel(bytes))).toEqual(bytes);
  });

  it('reads tensors from typed fields as from raw_data', () => {
    const t = (init: Parameters<typeof create<typeof TensorProtoSchema>>[1]) => readTensor(create(TensorProtoSchema, init));
    expect(t({ dataType: DataType.FLOAT, dims: [2n], floatData: [1.5, -2] })).toEqual(Float32Array.of(1.5, -2));
    expect(t({ dataType: DataType.INT8, dims: [3n], int32Data: [-128, 0, 127] })).toEqual(Int8Array.of(-128, 0, 127));
    expect(t({ dataType: DataType.FLOAT16, dims: [1n], int32Data: [0x4540] })).toEqual(Uint16Array.of(0x4540));
    expect(t({ dataType: DataType.INT64, dims: [2n], int64Data: [5n, -1n] })).toEqual(BigInt64Array.of(5n, -1n));
    expect(t({ dataType: DataType.INT4, dims: [3n], int32Data: [0x21, 0x03] })).toEqual(Uint8Array.of(0x21, 0x03));
    // raw_data at an odd offset inside a bigger buffer (protobuf does not align it).
    const raw = new Uint8Array(9);
    new DataView(raw.buffer).setFloat32(1, 3.25, true);
    new DataView(raw.buffer).setFloat32(5, -1, true);
    expect(t({ dataType: DataType.FLOAT, dims: [2n], rawData: raw.subarray(1) as Uint8Array<ArrayBuffer> })).toEqual(Float32Array.of(3.25, -1));
  });

  it('moves weights to an external data file and loads them back (same logits)', async () => {
    const model = buildTinyBert();
    const split = cloneModel(model);
    const data = externalizeData(split, 'model.onnx_data', 256);
    const bytes = encodeModel(split);
    expect(bytes.byteLength).toBeLessThan(encodeModel(model).byteLength / 4);
    expect(externalLocations(decodeModel(bytes))).toEqual(['model.onnx_data']);
    const loaded = decodeModelWithExternalData(bytes, new Map([['model.onnx_data', data]]));
    expect(loaded.graph!.initializer.every((t) => t.dataLocation === TensorProto_DataLocation.DEFAULT)).toBe(true);
    const batch = tinyBatch(96);
    expect(await logitsOf(loaded, batch)).toEqual(await logitsOf(model, batch));
    const missing = formatError(() => decodeModelWithExternalData(bytes, new Map()));
    expect(missing.code).toBe('missing-external-data');
    expect(missing.message).toContain('model.onnx_data');
    const short = formatError(() => decodeModelWithExternalData(bytes, new Map([['model.onnx_data', data.subarray(0, 100)]])));
    expect(short.code).toBe('truncated');
  });
});

describe('bad input → ModelFormatError saying what was expected and found', () => {
  const good = encodeModel(buildTinyBert());

  it.each([
    ['empty file', new Uint8Array(0), 'empty-file', /empty file/],
    ['truncated model', good.subarray(0, Math.floor(good.length * 0.6)), 'truncated', /cut short|ends in the middle/],
    ['JSON (config.json picked by mistake)', new TextEncoder().encode('{"model_type": "bert"}'), 'not-onnx', /JSON/],
    ['ZIP archive', Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0, 0, 0), 'not-onnx', /ZIP/],
    ['random bytes', Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff), undefined, /Expected/],
  ])('%s', (_, bytes, code, pattern) => {
    const error = formatError(() => decodeModel(bytes, 'model.onnx'));
    if (code) expect(error.code).toBe(code);
    expect(error.message).toMatch(pattern);
    expect(error.message).toMatch(/^Expected .*; found .*\. /);
  });

  it('a model without MatMul weights', () => {
    const model = buildTinyBert();
    for (const n of model.graph!.node) if (n.opType === 'MatMul') n.opType = 'Mul';
    const error = formatError(() => findLinearLayers(model));
    expect(error.code).toBe('no-linear-weights');
    expect(error.message).toMatch(/found \d+ nodes and no such MatMul/);
  });

  it('a decoder (causal) LM', () => {
    const model = buildTinyBert();
    model.graph!.input.push(makeValueInfo('past_key_values.0.key', DataType.FLOAT, ['b', 1, 'p', 64]));
    const error = formatError(() => validateMaskedLm(model));
    expect(error.code).toBe('not-masked-lm');
    expect(error.message).toMatch(/decoder \(causal\)/);
  });

  it('a sequence classifier (logits [batch, labels])', () => {
    const model = buildTinyBert();
    model.graph!.output = [makeValueInfo('logits', DataType.FLOAT, ['batch', 2])];
    expect(formatError(() => validateMaskedLm(model)).message).toMatch(/rank 2 .*classifier/);
  });

  it('a base model without the MLM head', () => {
    const model = buildTinyBert();
    model.graph!.output = [makeValueInfo('last_hidden_state', DataType.FLOAT, ['batch', 'seq', 36])];
    expect(formatError(() => validateMaskedLm(model)).message).toMatch(/without the MLM head/);
  });

  it('accepts the tiny BERT and reads its interface', () => {
    expect(validateMaskedLm(buildTinyBert())).toEqual({
      hasTokenTypeIds: true, vocabSize: 96, hiddenSize: 36, wordEmbedding: 'bert.embeddings.word_embeddings.weight',
    });
  });
});
