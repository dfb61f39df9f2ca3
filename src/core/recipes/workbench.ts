// The mutable state of one compression run: a copy of the model, its Linear layers, and a
// record of what every new initializer IS (codes, absmax, scales, …), which the footprint
// accounting needs and cannot recover from dtypes alone.
import type { GraphProto, ModelProto, NodeProto, TensorProto } from 'onnx-buf';
import { cloneModel, initializerMap, uniqueNamer } from '../onnx/graph.ts';
import { findLinearLayers, type LinearLayer, type QuantConvention } from '../onnx/linear.ts';
import { DataType, readFloatTensor } from '../onnx/tensor.ts';
import { validateMaskedLm, type MaskedLmInterface } from '../onnx/validate.ts';
import { cpuBackend, float16ToFloat32, type KernelBackend } from './backend.ts';

/** What an initializer of the output holds, for accounting. */
export type TensorKind =
  | 'weight' // a parameter stored as (possibly masked) float values
  | 'codes' // quantized weight codes (packed 4-bit or int8)
  | 'absmax' | 'scale' | 'zero-point'
  | 'dq-codes' | 'dq-absmax' | 'dq-offset' | 'dq-map'
  | 'constant'; // graph plumbing (shapes, axes, scalars), not a model parameter

export interface TensorMeta {
  kind: TensorKind;
  /** The model parameter this tensor stores or describes (e.g. its weight initializer name). */
  param: string;
  /** For 'codes': the number of weights and their bit width (transformers counts n·bits/8). */
  weights?: number;
  bits?: number;
}

export interface CompressOptions {
  backend?: KernelBackend;
  convention?: QuantConvention;
  /** Which Linear layers pruning touches: the quantized set (default) or every Linear weight. */
  pruneScope?: 'quantized' | 'all-linears';
  /** Keep the float32 [in, out] weights each quantized/pruned Linear effectively computes with. */
  keepEffectiveWeights?: boolean;
  /**
   * Where keepEffectiveWeights puts them (default: a new Map, returned as result.effective).
   * The browser worker passes a Map whose set() consumes each weight as it arrives (its error
   * metrics), so a whole model of float32 copies is never held at once.
   */
  effectiveWeights?: Map<string, Float32Array>;
  onProgress?: (event: { step: string; done: number; total: number }) => void;
}

export class Workbench {
  readonly model: ModelProto;
  readonly graph: GraphProto;
  readonly backend: KernelBackend;
  readonly lm: MaskedLmInterface;
  readonly options: CompressOptions;
  linears: LinearLayer[];
  readonly meta = new Map<string, TensorMeta>();
  readonly effective: Map<string, Float32Array>;
  readonly uniqueName: (base: string) => string;

  constructor(source: ModelProto, options: CompressOptions = {}) {
    this.lm = validateMaskedLm(source);
    this.model = cloneModel(source);
    this.graph = this.model.graph!;
    this.options = options;
    this.backend = options.backend ?? cpuBackend;
    this.effective = options.effectiveWeights ?? new Map();
    this.linears = findLinearLayers(this.model, options.convention ?? 'transformers-4', this.lm.vocabSize);
    this.uniqueName = uniqueNamer(this.graph);
  }

  initializer(name: string): TensorProto {
    const t = this.graph.initializer.find((i) => i.name === name);
    if (!t) throw new Error(`internal: no initializer ${name}`);
    return t;
  }

  /** A fresh float32 copy of a float/float16/bfloat16 initializer. */
  readWeight(name: string): Float32Array {
    return readFloatTensor(this.initializer(name), float16ToFloat32);
  }

  /** Adds or replaces an initializer (by name) and records what it is. */
  setInitializer(tensor: TensorProto, meta?: TensorMeta): void {
    const index = this.graph.initializer.findIndex((i) => i.name === tensor.name);
    if (index >= 0) this.graph.initializer[index] = tensor;
    else this.graph.initializer.push(tensor);
    if (meta) this.meta.set(tensor.name, meta);
    // IR < 4 lists initializers as graph inputs too; their types would now be stale.
    this.graph.input = this.graph.input.filter((v) => v.name !== tensor.name);
    this.graph.valueInfo = this.graph.valueInfo.filter((v) => v.name !== tensor.name);
  }

  removeInitializer(name: string): void {
    this.graph.initializer = this.graph.initializer.filter((i) => i.name !== name);
    this.graph.input = this.graph.input.filter((v) => v.name !== name);
    this.meta.delete(name);
  }

  /** Replaces `node` by `nodes` at its position (keeps the topological order). */
  replaceNode(node: NodeProto, nodes: NodeProto[]): void {
    const index = this.graph.node.indexOf(node);
    if (index < 0) throw new Error(`internal: node ${node.name} not in graph`);
    this.graph.node.splice(index, 1, ...nodes);
  }

  /** Nodes that must run before everything else (e.g. Casts of initializers). */
  prependNodes(nodes: NodeProto[]): void {
    this.graph.node.unshift(...nodes);
  }

  /** Linear layers a pruning step touches. */
  prunable(): LinearLayer[] {
    return this.options.pruneScope === 'all-linears' ? this.linears : this.linears.filter((l) => l.quantize);
  }

  /** Drops initializers no node reads any more (e.g. a float weight replaced by codes). */
  dropUnused(): void {
    const used = new Set<string>();
    for (const n of this.graph.node) for (const i of n.input) used.add(i);
    for (const o of this.graph.output) used.add(o.name);
    for (const t of [...this.graph.initializer]) if (!used.has(t.name)) this.removeInitializer(t.name);
  }

  isFloatInitializer(t: TensorProto): boolean {
    return t.dataType === DataType.FLOAT || t.dataType === DataType.FLOAT16 || t.dataType === DataType.BFLOAT16;
  }

  progress(step: string, done: number, total: number): void {
    this.options.onProgress?.({ step, done, total });
  }

  initializerNames(): Map<string, TensorProto> {
    return initializerMap(this.graph);
  }
}
