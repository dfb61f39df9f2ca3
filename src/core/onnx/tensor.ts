// Initializers as typed arrays. ONNX may store the same tensor in raw_data (little-endian
// bytes) or in a typed repeated field (float_data, int32_data, int64_data, ...); readers of
// our code should never have to care which, so everything goes through readTensor/makeTensor.
import { create } from '@bufbuild/protobuf';
import { TensorProtoSchema, TensorProto_DataLocation, TensorProto_DataType as DT, type TensorProto } from 'onnx-buf';
import { ModelFormatError } from './errors.ts';

export { DT as DataType };
export type { TensorProto };

/** Typed-array view of a tensor: float16/bfloat16 as raw Uint16 bits, int4/uint4 as packed bytes. */
export type TensorValues =
  | Float32Array
  | Float64Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | BigUint64Array
  | Uint32Array;

/** Bits per element of the data types we store or read. */
export const BITS_PER_ELEMENT: Partial<Record<DT, number>> = {
  [DT.FLOAT]: 32, [DT.DOUBLE]: 64, [DT.FLOAT16]: 16, [DT.BFLOAT16]: 16,
  [DT.INT8]: 8, [DT.UINT8]: 8, [DT.BOOL]: 8, [DT.INT16]: 16, [DT.UINT16]: 16,
  [DT.INT32]: 32, [DT.UINT32]: 32, [DT.INT64]: 64, [DT.UINT64]: 64, [DT.INT4]: 4, [DT.UINT4]: 4,
};

export function dimsOf(tensor: TensorProto): number[] {
  return tensor.dims.map(Number);
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Bytes the tensor's values occupy (4-bit types packed two per byte, rounded up). */
export function tensorByteLength(dataType: DT, dims: readonly number[]): number {
  const bits = BITS_PER_ELEMENT[dataType];
  if (bits === undefined) throw unsupported(dataType, 'a tensor');
  return Math.ceil((elementCount(dims) * bits) / 8);
}

/**
 * Values of an initializer. External data must have been inlined first (inlineExternalData).
 * The result may share memory with the model bytes; copy before mutating.
 */
export function readTensor(tensor: TensorProto): TensorValues {
  if (tensor.dataLocation === TensorProto_DataLocation.EXTERNAL) {
    throw new ModelFormatError('missing-external-data', {
      expected: `the values of ${tensor.name} inlined from its external data file`,
      found: 'a tensor whose data is still EXTERNAL',
      fix: 'Load the model with its .onnx_data file(s) (decodeModelWithExternalData).',
    });
  }
  const dims = dimsOf(tensor);
  const count = elementCount(dims);
  const type = tensor.dataType as DT;
  if (tensor.rawData.byteLength > 0) return viewRaw(type, tensor.rawData, dims, tensor.name);
  switch (type) {
    case DT.FLOAT: return Float32Array.from(tensor.floatData);
    case DT.DOUBLE: return Float64Array.from(tensor.doubleData);
    case DT.INT64: return BigInt64Array.from(tensor.int64Data);
    case DT.UINT64: return BigUint64Array.from(tensor.uint64Data);
    case DT.UINT32: return Uint32Array.from(tensor.uint64Data, Number);
    case DT.INT32: return Int32Array.from(tensor.int32Data);
    case DT.INT16: return Int16Array.from(tensor.int32Data);
    case DT.UINT16: case DT.FLOAT16: case DT.BFLOAT16: return Uint16Array.from(tensor.int32Data);
    case DT.INT8: return Int8Array.from(tensor.int32Data);
    case DT.UINT8: case DT.BOOL: return Uint8Array.from(tensor.int32Data);
    // int32_data holds one packed byte (two 4-bit elements) per entry.
    case DT.INT4: case DT.UINT4: return Uint8Array.from(tensor.int32Data.slice(0, Math.ceil(count / 2)));
    default: throw unsupported(type, tensor.name);
  }
}

/** Float values of a FLOAT, FLOAT16, BFLOAT16 or DOUBLE tensor as a fresh Float32Array. */
export function readFloatTensor(tensor: TensorProto, f16ToF32: (bits: Uint16Array) => Float32Array): Float32Array {
  const values = readTensor(tensor);
  switch (tensor.dataType as DT) {
    case DT.FLOAT: return Float32Array.from(values as Float32Array);
    case DT.DOUBLE: return Float32Array.from(values as Float64Array);
    case DT.FLOAT16: return f16ToF32(values as Uint16Array);
    case DT.BFLOAT16: {
      const bits = new Uint32Array((values as Uint16Array).length);
      bits.set(values as Uint16Array);
      for (let i = 0; i < bits.length; i++) bits[i] = bits[i]! << 16;
      return new Float32Array(bits.buffer);
    }
    default: throw unsupported(tensor.dataType, tensor.name);
  }
}

/** A new initializer stored in raw_data (the compact form ORT and transformers.js write). */
export function makeTensor(name: string, dataType: DT, dims: readonly number[], values: ArrayBufferView): TensorProto {
  const expected = tensorByteLength(dataType, dims);
  if (values.byteLength !== expected) {
    throw new RangeError(`makeTensor(${name}): ${values.byteLength} bytes for ${DT[dataType]} [${dims.join(', ')}], expected ${expected}`);
  }
  // Copy: the message must own its bytes (views into shared buffers would serialize fine but
  // leave the caller free to mutate the model after the fact).
  const rawData = new Uint8Array(expected);
  rawData.set(new Uint8Array(values.buffer, values.byteOffset, expected));
  return create(TensorProtoSchema, { name, dataType, dims: dims.map(BigInt), rawData });
}

function viewRaw(type: DT, raw: Uint8Array, dims: number[], name: string): TensorValues {
  const expected = tensorByteLength(type, dims);
  if (raw.byteLength !== expected) {
    throw new ModelFormatError('corrupt', {
      expected: `${expected} bytes of raw_data for ${name} (${DT[type]} [${dims.join(', ')}])`,
      found: `${raw.byteLength} bytes`,
      fix: 'The model file is damaged: export or download it again.',
    });
  }
  // Typed arrays need aligned offsets; protobuf places raw_data anywhere, so copy if unaligned
  // into a fresh buffer (not raw.slice(): on a Node Buffer that is a view at the same offset).
  const width = Math.max(1, (BITS_PER_ELEMENT[type] ?? 8) / 8);
  const bytes = raw.byteOffset % width === 0 ? raw : new Uint8Array(raw);
  const { buffer, byteOffset } = bytes;
  const n = Math.floor(expected / width);
  switch (type) {
    case DT.FLOAT: return new Float32Array(buffer, byteOffset, n);
    case DT.DOUBLE: return new Float64Array(buffer, byteOffset, n);
    case DT.FLOAT16: case DT.BFLOAT16: case DT.UINT16: return new Uint16Array(buffer, byteOffset, n);
    case DT.INT16: return new Int16Array(buffer, byteOffset, n);
    case DT.INT32: return new Int32Array(buffer, byteOffset, n);
    case DT.UINT32: return new Uint32Array(buffer, byteOffset, n);
    case DT.INT64: return new BigInt64Array(buffer, byteOffset, n);
    case DT.UINT64: return new BigUint64Array(buffer, byteOffset, n);
    case DT.INT8: return new Int8Array(buffer, byteOffset, n);
    case DT.UINT8: case DT.BOOL: case DT.INT4: case DT.UINT4: return new Uint8Array(buffer, byteOffset, expected);
    default: throw unsupported(type, name);
  }
}

function unsupported(type: number, name: string): ModelFormatError {
  return new ModelFormatError('unsupported-tensor', {
    expected: 'a tensor of type float, float16, bfloat16, double, int4/8/16/32/64, uint4/8/16/32/64 or bool',
    found: `${name} of data type ${DT[type] ?? type}`,
    fix: 'Convert the model to a standard float32 ONNX export.',
  });
}
