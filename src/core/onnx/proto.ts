// Reading and writing ONNX ModelProto bytes with onnx-buf (@bufbuild/protobuf v2 messages).
// Protobuf has no magic number, so random bytes can decode "successfully"; we therefore
// sniff common non-ONNX files first and check the decoded model for the fields every ONNX
// file has (ir_version, opset_import, a graph with nodes) before anyone uses it.
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, type ModelProto } from 'onnx-buf';
import { ModelFormatError } from './errors.ts';

export type { ModelProto };

/** Decodes an ONNX model; throws ModelFormatError for empty, foreign, truncated or corrupt bytes. */
export function decodeModel(bytes: Uint8Array, fileName = 'the file'): ModelProto {
  if (bytes.byteLength === 0) {
    throw new ModelFormatError('empty-file', {
      expected: `an ONNX model (protobuf bytes) in ${fileName}`,
      found: 'an empty file (0 bytes)',
      fix: 'Export the model again or pick the onnx/model.onnx file of a Hugging Face model folder.',
    });
  }
  const foreign = sniffForeignFormat(bytes);
  if (foreign) {
    throw new ModelFormatError('not-onnx', {
      expected: `an ONNX model (protobuf bytes) in ${fileName}`,
      found: foreign,
      fix: 'Pick onnx/model.onnx (an ONNX export, e.g. from Xenova/* on the Hugging Face Hub or optimum-cli export onnx).',
    });
  }
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const truncated = /premature|EOF|out of range|beyond/i.test(message);
    throw new ModelFormatError(
      truncated ? 'truncated' : 'corrupt',
      {
        expected: `a complete ONNX protobuf in ${fileName}`,
        found: `${truncated ? 'a file that ends in the middle of a field' : 'bytes that are not valid protobuf'} (${bytes.byteLength} bytes; decoder said: ${message})`,
        fix: truncated
          ? 'The download or copy was probably cut short: fetch the file again and compare its size.'
          : 'The file is damaged or not an ONNX model: export or download it again.',
      },
      { cause: error },
    );
  }
  const graph = model.graph;
  if (model.irVersion <= 0n || !graph || graph.node.length === 0 || model.opsetImport.length === 0) {
    throw new ModelFormatError('not-onnx', {
      expected: `an ONNX model with ir_version, opset_import and a graph of nodes in ${fileName}`,
      found: `protobuf bytes without them (ir_version ${model.irVersion}, ${model.opsetImport.length} opsets, ${graph?.node.length ?? 0} nodes)`,
      fix: 'Pick the .onnx file itself (not its .onnx_data companion or another protobuf file).',
    });
  }
  return model;
}

export function encodeModel(model: ModelProto): Uint8Array {
  return toBinary(ModelProtoSchema, model);
}

/** Names a well-known non-ONNX format from its first bytes, or returns undefined. */
export function sniffForeignFormat(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  if (head.startsWith('PK\u0003\u0004')) return 'a ZIP archive (a PyTorch .bin/.pt checkpoint or a zipped folder)';
  if (head.startsWith('GGUF')) return 'a GGUF (llama.cpp) file';
  if (head.startsWith('\u0093NUMPY')) return 'a NumPy .npy array';
  if (head.startsWith('\u0089HDF')) return 'an HDF5 (Keras .h5) file';
  const trimmed = head.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'a JSON text file';
  if (/^<!doctype|^<html/i.test(trimmed)) return 'an HTML page (a failed download?)';
  if (bytes.byteLength >= 10) {
    // safetensors: 8-byte little-endian header length, then a JSON header.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headerLength = view.getBigUint64(0, true);
    if (headerLength > 1n && headerLength < BigInt(bytes.byteLength) && bytes[8] === 0x7b) {
      return 'a safetensors checkpoint (weights without a graph)';
    }
  }
  return undefined;
}
