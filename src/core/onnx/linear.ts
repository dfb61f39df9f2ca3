// Finding the Linear layers of an exported BERT masked LM and deciding, like transformers'
// bitsandbytes integration, which of them a quantization recipe replaces.
// A Linear layer in ONNX is MatMul(x, W) with W a 2-D float initializer [in, out] (PyTorch's
// [out, in] transposed by the exporter), optionally followed by Add(·, b) with a 1-D bias [out].
import type { GraphProto, ModelProto, NodeProto } from 'onnx-buf';
import { ModelFormatError } from './errors.ts';
import { consumerMap, initializerMap } from './graph.ts';
import { DataType, dimsOf } from './tensor.ts';

export type LinearRole =
  | 'attention.query' | 'attention.key' | 'attention.value' | 'attention.output'
  | 'intermediate' | 'output' | 'mlm-transform' | 'mlm-decoder' | 'unknown';

/**
 * Which Linear layers are quantized:
 * - transformers-4: the six encoder Linear layers of every block (BERT MLM under transformers 4.x;
 *   the MLM head's transform.dense is skipped, the tied decoder always is);
 * - transformers-5: also the MLM head's transform.dense;
 * - all-linears: every MatMul weight, the decoder too (when it has its own initializer).
 */
export type QuantConvention = 'transformers-4' | 'transformers-5' | 'all-linears';

export interface LinearLayer {
  matmul: NodeProto;
  weight: string;
  inFeatures: number;
  outFeatures: number;
  bias?: { add: NodeProto; name: string };
  role: LinearRole;
  layerIndex?: number;
  /** Selected by the convention for quantization (and, by default, pruning). */
  quantize: boolean;
}

const FLOAT_TYPES = new Set<number>([DataType.FLOAT, DataType.FLOAT16, DataType.BFLOAT16]);

const ROLE_PATTERNS: [RegExp, LinearRole][] = [
  [/decoder/, 'mlm-decoder'],
  [/transform/, 'mlm-transform'],
  [/attention\.self\.query|\.query\b|q_proj/, 'attention.query'],
  [/attention\.self\.key|\.key\b|k_proj/, 'attention.key'],
  [/attention\.self\.value|\.value\b|v_proj/, 'attention.value'],
  [/attention\.output\.dense|attention\.out/, 'attention.output'],
  [/intermediate/, 'intermediate'],
  [/output\.dense|\.output\b/, 'output'],
];

const ENCODER_ORDER: LinearRole[] = ['attention.query', 'attention.key', 'attention.value', 'attention.output', 'intermediate', 'output'];

export function findLinearLayers(model: ModelProto, convention: QuantConvention = 'transformers-4', vocabSize?: number): LinearLayer[] {
  const graph = model.graph as GraphProto;
  const inits = initializerMap(graph);
  const consumers = consumerMap(graph);
  const layers: LinearLayer[] = [];
  for (const node of graph.node) {
    if (node.opType !== 'MatMul' || node.domain) continue;
    const weight = inits.get(node.input[1] ?? '');
    if (!weight || !FLOAT_TYPES.has(weight.dataType) || weight.dims.length !== 2) continue;
    const [inFeatures, outFeatures] = dimsOf(weight) as [number, number];
    const next = consumers.get(node.output[0]!) ?? [];
    let bias: LinearLayer['bias'];
    if (next.length === 1 && next[0]!.opType === 'Add') {
      const add = next[0]!;
      const other = add.input[0] === node.output[0] ? add.input[1] : add.input[0];
      const b = inits.get(other ?? '');
      if (b && b.dims.length === 1 && Number(b.dims[0]) === outFeatures) bias = { add, name: b.name };
    }
    const key = `${node.name} ${weight.name}`.replace(/\//g, '.');
    const role = ROLE_PATTERNS.find(([re]) => re.test(key))?.[1] ?? 'unknown';
    const index = /layers?[._](\d+)/.exec(key)?.[1];
    layers.push({
      matmul: node, weight: weight.name, inFeatures, outFeatures, bias,
      role: vocabSize !== undefined && outFeatures === vocabSize ? 'mlm-decoder' : role,
      layerIndex: index === undefined ? undefined : Number(index), quantize: false,
    });
  }
  if (layers.length === 0) {
    throw new ModelFormatError('no-linear-weights', {
      expected: 'MatMul nodes whose second input is a 2-D float initializer (the Linear layers to compress)',
      found: `${graph.node.length} nodes and no such MatMul (ops: ${summarizeOps(graph)})`,
      fix: 'Use a float32 ONNX export of the model (already-quantized or weight-as-input graphs cannot be compressed again).',
    });
  }
  assignRolesByPosition(layers);
  for (const layer of layers) layer.quantize = selectedBy(layer.role, convention);
  return layers;
}

function selectedBy(role: LinearRole, convention: QuantConvention): boolean {
  if (convention === 'all-linears') return true;
  if (role === 'mlm-decoder') return false;
  if (role === 'mlm-transform') return convention === 'transformers-5';
  return true;
}

/**
 * Exports with anonymous weights (onnx::MatMul_123) and no node names: the encoder's Linear
 * layers come in blocks of six in execution order, and the head's transform is the square
 * Linear right before the decoder.
 */
function assignRolesByPosition(layers: LinearLayer[]): void {
  const unknown = layers.filter((l) => l.role === 'unknown');
  if (unknown.length === 0) return;
  const body = layers.filter((l) => l.role !== 'mlm-decoder');
  const last = body[body.length - 1];
  if (last && last.role === 'unknown' && body.length % 6 === 1 && last.inFeatures === last.outFeatures) {
    last.role = 'mlm-transform';
  }
  const encoder = body.filter((l) => l.role !== 'mlm-transform');
  if (encoder.length % 6 !== 0 || !encoder.every((l) => l.role === 'unknown')) return;
  encoder.forEach((l, i) => {
    l.role = ENCODER_ORDER[i % 6]!;
    l.layerIndex = Math.floor(i / 6);
  });
}

function summarizeOps(graph: GraphProto): string {
  const counts = new Map<string, number>();
  for (const n of graph.node) counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
  return [...counts].slice(0, 8).map(([op, c]) => `${op}×${c}`).join(', ') || 'none';
}
