// Footprint of a compressed ONNX model from its actual initializers and the recipe's record
// of what each one is (codes, absmax, scales, …).
import type { TensorProto } from 'onnx-buf';
import { DataType, dimsOf, elementCount, readFloatTensor, tensorByteLength } from '../onnx/tensor.ts';
import { float16ToFloat32 } from '../recipes/backend.ts';
import type { CompressResult } from '../recipes/compress.ts';
import { bertBuffers } from './bert-params.ts';
import { sparseStorage, summarizeSparse } from './sparse.ts';
import type { Footprint, SparseStorage, TensorFootprint } from './types.ts';

export interface ModelFootprintOptions {
  /** Encoded size of the model file, convention (c). */
  onnxFileBytes?: number;
  /** For the position_ids/token_type_ids buffers; default: rows of the position embeddings. */
  maxPositionEmbeddings?: number;
}

const DTYPE_NAMES: Partial<Record<number, string>> = {
  [DataType.FLOAT]: 'float32', [DataType.FLOAT16]: 'float16', [DataType.BFLOAT16]: 'bfloat16', [DataType.INT8]: 'int8',
  [DataType.UINT8]: 'uint8', [DataType.INT32]: 'int32', [DataType.INT64]: 'int64', [DataType.BOOL]: 'bool',
};

export function modelFootprint(result: CompressResult, options: ModelFootprintOptions = {}): Footprint {
  const graph = result.model.graph!;
  const notes: string[] = [];
  const tied = tiedDecoderCopy(result);
  if (tied) notes.push(`${tied} is a transposed copy of the word embeddings (the export broke the tie): counted once in (a) and (b), stored twice in the file.`);
  const tensors: TensorFootprint[] = [];
  let parameters = 0;
  for (const t of graph.initializer) {
    const meta = result.meta.get(t.name) ?? { kind: 'constant' as const, param: t.name };
    const shape = dimsOf(t);
    const bytes = tensorByteLength(t.dataType, shape);
    const base = { name: t.name, param: meta.param, dtype: DTYPE_NAMES[t.dataType] ?? String(t.dataType), shape };
    if (meta.kind === 'constant') continue;
    if (t.name === tied) {
      tensors.push({ ...base, kind: 'tied-copy', bytes: 0, transformersBytes: 0 });
      continue;
    }
    if (meta.kind === 'codes') parameters += meta.weights!;
    else if (meta.kind === 'weight') parameters += elementCount(shape);
    const transformersBytes = meta.kind === 'codes' ? Math.ceil((meta.weights! * meta.bits!) / 8) : meta.kind === 'weight' ? bytes : 0;
    tensors.push({ ...base, kind: meta.kind, bytes, transformersBytes });
  }
  const maxPositions = options.maxPositionEmbeddings ?? positionRows(graph.initializer);
  if (maxPositions === undefined) notes.push('No position-embedding table found: buffers (position_ids, token_type_ids) not counted.');
  for (const b of maxPositions === undefined ? [] : bertBuffers({ max_position_embeddings: maxPositions })) {
    const bytes = b.shape.reduce((x, y) => x * y, 1) * b.bytesPerElement;
    tensors.push({ name: b.name, param: b.name, kind: 'buffer', dtype: 'int64', shape: b.shape, bytes, transformersBytes: bytes });
  }
  const transformersBytes = tensors.reduce((s, t) => s + t.transformersBytes, 0);
  return {
    recipe: result.spec.text, source: 'onnx', parameters, tensors, transformersBytes,
    trueBytes: tensors.reduce((s, t) => s + t.bytes, 0),
    onnxFileBytes: options.onnxFileBytes,
    sparse: sparseSummary(result, transformersBytes),
    notes,
  };
}

function sparseSummary(result: CompressResult, transformersBytes: number) {
  const storages: SparseStorage[] = [];
  const structuredOnly = result.spec.prune.every((p) => p.kind === 'ffn' || p.kind === 'heads');
  if (result.pruned.size === 0 || structuredOnly) return undefined;
  const codeBits = new Map<string, number>();
  for (const m of result.meta.values()) if (m.kind === 'codes') codeBits.set(m.param, m.bits!);
  const restBits = 'rest' in result.spec.quant ? (result.spec.quant.rest === 'fp16' ? 16 : 32) : result.spec.quant.kind === 'fp16' ? 16 : 32;
  for (const [name, s] of result.pruned) {
    // PyTorch layout: rows = outputs (ONNX cols), cols = inputs.
    storages.push(sparseStorage(name, s.cols, s.rows, s.nonZero, codeBits.get(name) ?? restBits));
  }
  return summarizeSparse(storages, transformersBytes, restBits / 8);
}

function positionRows(initializers: TensorProto[]): number | undefined {
  const table = initializers.find((t) => /position_embeddings/.test(t.name) && t.dims.length === 2);
  return table ? Number(table.dims[0]) : undefined;
}

/** The decoder initializer when it holds exactly the transposed word embeddings. */
function tiedDecoderCopy(result: CompressResult): string | undefined {
  const decoder = result.linears.find((l) => l.role === 'mlm-decoder' && !l.quantize);
  const graph = result.model.graph!;
  const copy = decoder && graph.initializer.find((t) => t.name === decoder.weight);
  const embedding = graph.initializer.find((t) => t.name === result.lm.wordEmbedding);
  if (!copy || !embedding || copy === embedding) return undefined;
  const [V, H] = dimsOf(embedding) as [number, number];
  const [rows, cols] = dimsOf(copy) as [number, number];
  if (rows !== H || cols !== V) return undefined;
  const e = readFloatTensor(embedding, float16ToFloat32);
  const d = readFloatTensor(copy, float16ToFloat32);
  for (let v = 0; v < V; v++) for (let h = 0; h < H; h++) if (!Object.is(e[v * H + h], d[h * V + v])) return undefined;
  return copy.name;
}
