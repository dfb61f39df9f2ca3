// External data: models over 2 GB (and many exports of smaller ones) keep tensor bytes in a
// side file (`model.onnx_data`), each tensor naming location/offset/length. We inline them
// on load so every other module sees plain raw_data, and can split them out again on save.
import { create } from '@bufbuild/protobuf';
import { StringStringEntryProtoSchema, TensorProto_DataLocation, type ModelProto, type TensorProto } from 'onnx-buf';
import { ModelFormatError } from './errors.ts';
import { decodeModel } from './proto.ts';
import { tensorByteLength } from './tensor.ts';

/** Side files by the name the model's `location` entries use (e.g. "model.onnx_data"). */
export type ExternalFiles = ReadonlyMap<string, Uint8Array>;

export function externalLocations(model: ModelProto): string[] {
  const names = new Set<string>();
  for (const t of model.graph?.initializer ?? []) {
    if (t.dataLocation === TensorProto_DataLocation.EXTERNAL) names.add(entry(t, 'location') ?? '');
  }
  return [...names];
}

/** Decodes a model and inlines every external tensor from `files`. */
export function decodeModelWithExternalData(bytes: Uint8Array, files: ExternalFiles = new Map(), fileName?: string): ModelProto {
  const model = decodeModel(bytes, fileName);
  inlineExternalData(model, files);
  return model;
}

/** Replaces EXTERNAL tensors by raw_data views into the side files (no copy). */
export function inlineExternalData(model: ModelProto, files: ExternalFiles): void {
  for (const tensor of model.graph?.initializer ?? []) {
    if (tensor.dataLocation !== TensorProto_DataLocation.EXTERNAL) continue;
    const location = entry(tensor, 'location');
    const file = location === undefined ? undefined : files.get(location) ?? files.get(baseName(location));
    if (!file) {
      throw new ModelFormatError('missing-external-data', {
        expected: `the external data file "${location}" for tensor ${tensor.name}`,
        found: files.size ? `only ${[...files.keys()].join(', ')}` : 'no external data files',
        fix: `Load "${location}" together with the .onnx file (same folder).`,
      });
    }
    const offset = Number(entry(tensor, 'offset') ?? 0);
    const length = Number(entry(tensor, 'length') ?? tensorByteLength(tensor.dataType, tensor.dims.map(Number)));
    if (offset + length > file.byteLength) {
      throw new ModelFormatError('truncated', {
        expected: `${location} to hold bytes ${offset}..${offset + length} for ${tensor.name}`,
        found: `a file of ${file.byteLength} bytes`,
        fix: `The external data file is incomplete: copy or download "${location}" again.`,
      });
    }
    tensor.rawData = file.subarray(offset, offset + length) as Uint8Array<ArrayBuffer>;
    tensor.externalData = [];
    tensor.dataLocation = TensorProto_DataLocation.DEFAULT;
  }
}

/**
 * Moves initializers of at least `minBytes` into one side file (4096-aligned offsets, as the
 * ONNX spec recommends for mmap). Mutates `model`; returns the side file's bytes.
 */
export function externalizeData(model: ModelProto, location: string, minBytes = 1024): Uint8Array {
  const moved: TensorProto[] = [];
  let size = 0;
  for (const tensor of model.graph?.initializer ?? []) {
    if (tensor.rawData.byteLength < minBytes) continue;
    size = align(size) + tensor.rawData.byteLength;
    moved.push(tensor);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const tensor of moved) {
    offset = align(offset);
    const length = tensor.rawData.byteLength;
    out.set(tensor.rawData, offset);
    tensor.externalData = [
      create(StringStringEntryProtoSchema, { key: 'location', value: location }),
      create(StringStringEntryProtoSchema, { key: 'offset', value: String(offset) }),
      create(StringStringEntryProtoSchema, { key: 'length', value: String(length) }),
    ];
    tensor.dataLocation = TensorProto_DataLocation.EXTERNAL;
    tensor.rawData = new Uint8Array(0);
    offset += length;
  }
  return out;
}

function align(n: number): number {
  return Math.ceil(n / 4096) * 4096;
}

function entry(tensor: TensorProto, key: string): string | undefined {
  return tensor.externalData.find((e) => e.key === key)?.value;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
