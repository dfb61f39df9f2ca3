// raw_data can sit at any byte offset of the file; a Node Buffer's slice() is a view, not a copy,
// so reading an int64/float tensor from an odd offset must copy into a fresh, aligned buffer.
import { Buffer } from 'node:buffer';
import { create } from '@bufbuild/protobuf';
import { TensorProtoSchema } from 'onnx-buf';
import { describe, expect, it } from 'vitest';
import { DataType, readTensor } from '../../../src/core/onnx/tensor.ts';

function atOddOffset(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const backing = Buffer.alloc(bytes.length + 3) as Buffer<ArrayBuffer>;
  backing.set(bytes, 3);
  return backing.subarray(3);
}

describe('readTensor on raw_data at an unaligned offset of a Node Buffer', () => {
  it('reads int64 values', () => {
    const values = new BigInt64Array([1n, -2n, 1n << 40n]);
    const rawData = atOddOffset(new Uint8Array(values.buffer));
    const tensor = create(TensorProtoSchema, { name: 'shape', dataType: DataType.INT64, dims: [3n], rawData });
    expect([...(readTensor(tensor) as BigInt64Array)]).toEqual([1n, -2n, 1n << 40n]);
  });

  it('reads float values', () => {
    const values = new Float32Array([0.5, -3.25]);
    const tensor = create(TensorProtoSchema, { name: 'w', dataType: DataType.FLOAT, dims: [2n], rawData: atOddOffset(new Uint8Array(values.buffer)) });
    expect([...(readTensor(tensor) as Float32Array)]).toEqual([0.5, -3.25]);
  });
});
