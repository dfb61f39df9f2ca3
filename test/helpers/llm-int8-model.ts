// One Linear fed by an embedding lookup, named like a BERT query, for proving the LLM.int8
// subgraph (src/core/recipes/llm-int8.ts) against its plain-TS reference on every EP.
// `activationStd` sets the embedding rows' spread: 3 gives some |x| ≥ 6 (outlier columns with
// threshold 6) in any batch of a few tokens, 0.5 gives none (|x| ≥ 6 would be 12 σ);
// `wideColumns` are then scaled ×20, making exactly those columns outliers in such a batch.
// `extremeCodes`: every activation ±2 and every weight ±0.125 (random signs), so every int8
// code is ±127, the int32 sums' worst case (a saturating kernel would show there).
// `ties`: every row's absmax is 127/64, so 127/SCA = 64 exactly, and the other values are
// ±(2j + 1)/128: every code is an exact tie k + ½ (round half to even must pick k or k + 1).
import { create } from '@bufbuild/protobuf';
import { GraphProtoSchema, ModelProtoSchema, OperatorSetIdProtoSchema, type ModelProto } from 'onnx-buf';
import { cloneModel, makeNode, makeValueInfo } from '../../src/core/onnx/graph.ts';
import { encodeModel } from '../../src/core/onnx/proto.ts';
import { DataType, makeTensor } from '../../src/core/onnx/tensor.ts';
import { normalSample } from '../../src/core/random.ts';
import { createSession, type MaskedLmBatch, type Ort } from '../../src/inference/ort-session.ts';

export interface OneLinear {
  model: ModelProto;
  /** The Linear's input rows [ids.length, K] for these token ids (attention mask all ones). */
  x: (ids: BigInt64Array) => Float32Array;
  K: number;
  N: number;
  V: number;
}

export function oneLinear(opset: bigint, o: { K?: number; N?: number; V?: number; activationStd?: number; wideColumns?: number[]; extremeCodes?: boolean; ties?: boolean } = {}): OneLinear {
  const K = o.K ?? 40, N = o.N ?? 24, V = o.V ?? 20;
  const sign = (i: number) => ((Math.imul(i ^ (i >>> 3), 0x9e3779b1) >>> 16) & 1 ? 1 : -1);
  const tie = (i: number) => (i % K === Math.floor(i / K) % 7 ? 127 / 64 : (2 * (i % 61) + 1) / 128) * sign(i);
  const table = o.extremeCodes ? Float32Array.from({ length: V * K }, (_, i) => 2 * sign(i))
    : o.ties ? Float32Array.from({ length: V * K }, (_, i) => tie(i))
    : normalSample(V * K, 5, 0, o.activationStd ?? 3);
  const weight = o.extremeCodes ? Float32Array.from({ length: K * N }, (_, i) => 0.125 * sign(i + 12345)) : normalSample(K * N, 6, 0, 0.1);
  for (const k of o.wideColumns ?? []) for (let v = 0; v < V; v++) table[v * K + k]! *= 20;
  const graph = create(GraphProtoSchema, {
    name: 'one-linear',
    node: [
      makeNode('Gather', ['E', 'input_ids'], ['x'], 'gather'),
      makeNode('Cast', ['attention_mask'], ['maskF'], 'cast', { to: DataType.FLOAT }),
      makeNode('Unsqueeze', ['maskF', 'axis2'], ['mask3'], 'unsqueeze'),
      makeNode('Mul', ['x', 'mask3'], ['xm'], 'mul'),
      makeNode('MatMul', ['xm', 'W'], ['logits'], '/bert/encoder/layer.0/attention/self/query/MatMul'),
    ],
    initializer: [
      makeTensor('E', DataType.FLOAT, [V, K], table),
      makeTensor('W', DataType.FLOAT, [K, N], weight),
      makeTensor('axis2', DataType.INT64, [1], BigInt64Array.of(2n)),
    ],
    input: ['input_ids', 'attention_mask'].map((n) => makeValueInfo(n, DataType.INT64, ['b', 's'])),
    output: [makeValueInfo('logits', DataType.FLOAT, ['b', 's', N])],
  });
  const model = create(ModelProtoSchema, { irVersion: 8n, graph, opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: opset })] });
  const x = (ids: BigInt64Array) => {
    const out = new Float32Array(ids.length * K);
    ids.forEach((id, i) => out.set(table.subarray(Number(id) * K, Number(id) * K + K), i * K));
    return out;
  };
  return { model, x, K, N, V };
}

/**
 * Outlier columns each LLM.int8 layer of `model` (a compressModel result) finds in `batch`:
 * its per-layer outlier masks (the GreaterOrEqual nodes of llm-int8.ts) read as extra outputs.
 */
export async function outlierColumnsPerLayer(ort: Ort, model: ModelProto, batch: MaskedLmBatch): Promise<number[]> {
  const probe = cloneModel(model);
  const graph = probe.graph!;
  const masks = graph.node.filter((n) => n.opType === 'GreaterOrEqual' && n.name.includes('/int8/')).map((n) => n.output[0]!);
  for (const name of masks) graph.output.push(makeValueInfo(name, DataType.BOOL, ['k']));
  const session = await createSession(ort, encodeModel(probe));
  try {
    const shape = [batch.batch, batch.sequence];
    const feeds: Record<string, InstanceType<Ort['Tensor']>> = {
      input_ids: new ort.Tensor('int64', batch.inputIds, shape),
      attention_mask: new ort.Tensor('int64', batch.attentionMask, shape),
    };
    if (session.inputNames.includes('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(batch.batch * batch.sequence), shape);
    const out = await session.run(feeds);
    return masks.map((name) => (out[name]!.data as Uint8Array).reduce((sum, v) => sum + (v ? 1 : 0), 0));
  } finally {
    await session.release();
  }
}
