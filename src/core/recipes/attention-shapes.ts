// Where an exported BERT attention layer writes down its number of heads, and how to rewrite
// it. Exports split q/k/v with Reshape(x, [batch, seq, heads, head_size]) and merge the heads
// back with Reshape(context, [batch, seq, heads · head_size]); the shape inputs are constant
// tensors (initializers or Constant nodes) or Concats of constants and values computed at run
// time (Shape → Gather/Slice → Unsqueeze). Head pruning changes `heads` and `heads · head_size`
// and nothing else: head_size, hence the 1/√head_size attention scale, stays.
import type { GraphProto, NodeProto, TensorProto } from 'onnx-buf';
import { RecipeError } from '../onnx/errors.ts';
import { consumerMap, getIntAttribute, initializerMap, makeNode, producerMap } from '../onnx/graph.ts';
import { DataType, makeTensor, readTensor } from '../onnx/tensor.ts';
import type { LinearLayer } from '../onnx/linear.ts';
import type { Workbench } from './workbench.ts';

/** One element of a shape vector we may rewrite: which tensor holds it and where. */
interface ShapeElement {
  reshape: NodeProto;
  /** The Concat building the shape, or undefined when the shape input itself is constant. */
  concat?: NodeProto;
  /** Index of the Concat input holding the element (0 without a Concat). */
  part: number;
  /** Index inside that part; undefined for a run-time value of one element. */
  offset?: number;
  /** The constant part's values (undefined for a run-time value). */
  values?: bigint[];
}

export interface AttentionLayout {
  heads: number;
  headSize: number;
  /** Applies the new head count to every Reshape of the layer. */
  rewrite(wb: Workbench, keptHeads: number): void;
}

interface Lookup {
  inits: Map<string, TensorProto>;
  producers: Map<string, NodeProto>;
  consumers: Map<string, NodeProto[]>;
}

export function lookupOf(graph: GraphProto): Lookup {
  return { inits: initializerMap(graph), producers: producerMap(graph), consumers: consumerMap(graph) };
}

/**
 * Finds the Reshapes of one attention layer and reads heads and head_size from the q/k/v
 * shape constants. Throws RecipeError, saying what it expected and found, for other graphs.
 */
export function attentionLayout(look: Lookup, qkv: readonly LinearLayer[], out: LinearLayer): AttentionLayout {
  const allHeads = out.inFeatures;
  const split = qkv.map((l) => splitElements(look, l, allHeads));
  const [first] = split;
  if (split.some((s) => s.heads !== first!.heads || s.headSize !== first!.headSize)) {
    unsupported(`equal heads and head_size in the query/key/value Reshapes of ${out.weight}`,
      split.map((s, i) => `${qkv[i]!.weight}: ${s.heads} × ${s.headSize}`).join(', '));
  }
  const { heads, headSize } = first!;
  const merge = mergeElement(look, out, allHeads);
  return {
    heads, headSize,
    rewrite(wb, keptHeads) {
      for (const s of split) if (s.element) setElement(wb, s.element, BigInt(keptHeads));
      if (merge) setElement(wb, merge, BigInt(keptHeads * headSize));
    },
  };
}

/** q/k/v: Reshape(projection, [..., heads, head_size]); one of the two may be -1. */
function splitElements(look: Lookup, layer: LinearLayer, allHeads: number): { heads: number; headSize: number; element?: ShapeElement } {
  const projection = layer.bias ? layer.bias.add.output[0]! : layer.matmul.output[0]!;
  const users = look.consumers.get(projection) ?? [];
  const reshapes = users.filter((n) => n.opType === 'Reshape' && n.input[0] === projection);
  const others = users.filter((n) => n.opType !== 'Reshape' && n.opType !== 'Shape');
  if (reshapes.length !== 1 || others.length) {
    unsupported(`${layer.weight} (the ${layer.role} projection) to be split into heads by one Reshape to [batch, sequence, heads, head_size]`,
      `its output read by ${users.map((n) => n.opType).join(', ') || 'nothing'}`);
  }
  const reshape = reshapes[0]!;
  const [headsAt, sizeAt] = tailElements(look, reshape, 2);
  const [h, s] = [headsAt!.values?.[headsAt!.offset!], sizeAt!.values?.[sizeAt!.offset!]].map((v) => (v === undefined ? undefined : Number(v)));
  const expected = `constants [..., heads, head_size] with heads · head_size = ${allHeads} in the shape of ${reshape.name || 'the Reshape'} after ${layer.weight}`;
  if (h === undefined || s === undefined || h === 0 || s === 0 || (h < 0 && s < 0)) unsupported(expected, `[..., ${h ?? 'run-time value'}, ${s ?? 'run-time value'}]`);
  const headSize = s! > 0 ? s! : allHeads / h!;
  const heads = h! > 0 ? h! : allHeads / s!;
  if (!Number.isInteger(heads) || !Number.isInteger(headSize) || heads * headSize !== allHeads) unsupported(expected, `[..., ${h}, ${s}]`);
  // -1 (inferred) needs no rewrite: it follows the smaller projection by itself.
  return { heads, headSize, element: h! > 0 ? headsAt : undefined };
}

/** Output projection input: Reshape(context, [..., heads · head_size]). */
function mergeElement(look: Lookup, out: LinearLayer, allHeads: number): ShapeElement | undefined {
  const reshape = look.producers.get(out.matmul.input[0]!);
  if (reshape?.opType !== 'Reshape') {
    unsupported(`the input of ${out.weight} (the attention output projection) to come from a Reshape merging the heads`,
      reshape ? `a ${reshape.opType} node` : 'a graph input');
  }
  const [element] = tailElements(look, reshape!, 1);
  if (element!.values === undefined) return element; // run-time value (e.g. Shape(hidden)[2]): replaced by a constant
  const value = Number(element!.values[element!.offset!]);
  if (value === -1) return undefined;
  if (value !== allHeads) {
    unsupported(`the last element of the shape of ${reshape!.name || 'the Reshape'} before ${out.weight} to be ${allHeads} (heads · head_size) or -1`, String(value));
  }
  return element;
}

/** The last `count` elements of a Reshape's shape input, first to last. */
function tailElements(look: Lookup, reshape: NodeProto, count: number): ShapeElement[] {
  if ((getIntAttribute(reshape, 'allowzero') ?? 0) !== 0) unsupported('Reshape nodes with allowzero=0', `allowzero=1 on ${reshape.name}`);
  const shape = reshape.input[1]!;
  const whole = constantInt64(look, shape);
  if (whole) {
    if (whole.length < count) unsupported(`a shape of at least ${count} elements in ${reshape.name}`, `[${whole.join(', ')}]`);
    return Array.from({ length: count }, (_, i) => ({ reshape, part: 0, offset: whole.length - count + i, values: whole }));
  }
  const concat = look.producers.get(shape);
  if (concat?.opType !== 'Concat') {
    unsupported(`the shape of ${reshape.name || 'a Reshape'} to be a constant (initializer or Constant node) or a Concat of shape pieces`,
      concat ? `a ${concat.opType} node` : 'a graph input');
  }
  const elements: ShapeElement[] = [];
  for (let part = concat!.input.length - 1; part >= 0 && elements.length < count; part--) {
    const name = concat!.input[part]!;
    const values = constantInt64(look, name);
    if (values) {
      for (let offset = values.length - 1; offset >= 0 && elements.length < count; offset--) elements.unshift({ reshape, concat, part, offset, values });
    } else if (look.producers.get(name)?.opType === 'Unsqueeze') {
      // A 1-D Concat piece made by Unsqueeze holds exactly one (run-time) element.
      elements.unshift({ reshape, concat, part });
    } else {
      unsupported(`the last ${count} element(s) of the shape Concat ${concat!.name} to be constants or single Unsqueezed values`,
        `input ${name} of unknown length (from ${look.producers.get(name)?.opType ?? 'a graph input'})`);
    }
  }
  if (elements.length < count) unsupported(`a shape of at least ${count} elements in ${reshape.name}`, `${elements.length}`);
  return elements;
}

/** An int64/int32 initializer or Constant node output, as bigints; undefined otherwise. */
function constantInt64(look: Lookup, name: string): bigint[] | undefined {
  const tensor = look.inits.get(name) ?? constantNodeTensor(look.producers.get(name));
  if (tensor === 'ints') return look.producers.get(name)!.attribute.find((a) => a.name === 'value_ints')!.ints;
  if (!tensor || (tensor.dataType !== DataType.INT64 && tensor.dataType !== DataType.INT32) || tensor.dims.length > 1) return undefined;
  return Array.from(readTensor(tensor) as ArrayLike<bigint | number>, (v) => BigInt(v));
}

function constantNodeTensor(node: NodeProto | undefined): TensorProto | 'ints' | undefined {
  if (node?.opType !== 'Constant') return undefined;
  const value = node.attribute.find((a) => a.name === 'value' || a.name === 'value_ints');
  if (!value) return undefined;
  return value.name === 'value_ints' ? 'ints' : value.t;
}

/**
 * Writes `value` into a shape element. Shape tensors can be shared (by q, k and v, or by every
 * layer after deduplication), so nothing is edited in place: the element's part becomes a new
 * int64 initializer, and a Concat is copied (right before its Reshape) with that input swapped.
 */
function setElement(wb: Workbench, element: ShapeElement, value: bigint): void {
  const values = element.values ? [...element.values] : [value];
  if (element.offset !== undefined) values[element.offset] = value;
  const base = element.reshape.name || 'attention/Reshape';
  const constant = makeTensor(wb.uniqueName(`${base}/pruned_heads_shape`), DataType.INT64, [values.length], BigInt64Array.from(values));
  wb.setInitializer(constant, { kind: 'constant', param: constant.name });
  if (!element.concat) {
    element.reshape.input[1] = constant.name;
    return;
  }
  const inputs = [...element.concat.input];
  inputs[element.part] = constant.name;
  const copy = makeNode('Concat', inputs, [wb.uniqueName(`${element.concat.output[0]}_pruned_heads`)], wb.uniqueName(`${element.concat.name || 'Concat'}_pruned_heads`),
    { axis: getIntAttribute(element.concat, 'axis') ?? 0 });
  wb.graph.node.splice(wb.graph.node.indexOf(element.reshape), 0, copy);
  element.reshape.input[1] = copy.output[0]!;
}

const SHAPE_OPS = new Set(['Constant', 'Shape', 'Gather', 'Slice', 'Unsqueeze', 'Squeeze', 'Concat', 'Cast']);

/** Removes shape-computing nodes and integer shape constants that nothing reads any more. */
export function removeDeadShapeNodes(wb: Workbench): void {
  const graph = wb.graph;
  let used: Set<string>;
  for (;;) {
    used = new Set(graph.output.map((o) => o.name));
    for (const n of graph.node) for (const i of n.input) used.add(i);
    const before = graph.node.length;
    graph.node = graph.node.filter((n) => !SHAPE_OPS.has(n.opType) || n.domain || n.output.some((o) => used.has(o)));
    if (graph.node.length === before) break;
  }
  for (const t of [...graph.initializer]) {
    if (!used.has(t.name) && (t.dataType === DataType.INT64 || t.dataType === DataType.INT32)) wb.removeInitializer(t.name);
  }
}

function unsupported(expected: string, found: string): never {
  throw new RecipeError('bad-combination', {
    expected: `an attention layer exported like transformers' BertSelfAttention: ${expected}`,
    found,
    fix: 'prune-heads cannot rewrite this graph; use prune-ffn or unstructured pruning (prune-l1) for this model.',
  });
}
