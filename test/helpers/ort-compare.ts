// Running models in onnxruntime-web's wasm EP from Node tests, and building the fp32 reference
// graph "with the weights the compressed graph effectively uses".
import type { ModelProto } from 'onnx-buf';
import { cloneModel } from '../../src/core/onnx/graph.ts';
import { encodeModel } from '../../src/core/onnx/proto.ts';
import { DataType, dimsOf, makeTensor } from '../../src/core/onnx/tensor.ts';
import { ort } from '../../src/inference/ort-node.ts';
import { createSession, runMaskedLm, type MaskedLmBatch } from '../../src/inference/ort-session.ts';

export async function logitsOf(model: ModelProto | Uint8Array, batch: MaskedLmBatch): Promise<Float32Array> {
  const session = await createSession(ort, model instanceof Uint8Array ? model : encodeModel(model));
  try {
    return (await runMaskedLm(ort, session, batch)).data;
  } finally {
    await session.release();
  }
}

/** `base` with some float initializers replaced (same names; shapes kept unless given). */
export function withWeights(base: ModelProto, weights: ReadonlyMap<string, Float32Array>): ModelProto {
  const model = cloneModel(base);
  const graph = model.graph!;
  for (const [name, values] of weights) {
    const index = graph.initializer.findIndex((t) => t.name === name);
    if (index < 0) throw new Error(`withWeights: no initializer ${name}`);
    graph.initializer[index] = makeTensor(name, DataType.FLOAT, dimsOf(graph.initializer[index]!), values);
  }
  return model;
}

export function maxAbs(values: Float32Array): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
