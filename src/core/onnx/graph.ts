// Small builders and lookups over GraphProto so recipes read as graph surgery, not protobuf.
import { create, clone } from '@bufbuild/protobuf';
import {
  AttributeProtoSchema, AttributeProto_AttributeType as AT, ModelProtoSchema, NodeProtoSchema,
  OperatorSetIdProtoSchema, TensorShapeProtoSchema, TensorShapeProto_DimensionSchema, TypeProtoSchema,
  TypeProto_TensorSchema, ValueInfoProtoSchema,
  type AttributeProto, type GraphProto, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto,
} from 'onnx-buf';

export type AttributeValue = number | bigint | string | number[] | { float: number } | { floats: number[] };

/** Ints as bigint/number, floats as { float } so 1.0 is not mistaken for an int. */
export function attribute(name: string, value: AttributeValue): AttributeProto {
  if (typeof value === 'number' || typeof value === 'bigint') {
    return create(AttributeProtoSchema, { name, type: AT.INT, i: BigInt(value) });
  }
  if (typeof value === 'string') {
    return create(AttributeProtoSchema, { name, type: AT.STRING, s: new TextEncoder().encode(value) });
  }
  if (Array.isArray(value)) return create(AttributeProtoSchema, { name, type: AT.INTS, ints: value.map(BigInt) });
  if ('float' in value) return create(AttributeProtoSchema, { name, type: AT.FLOAT, f: value.float });
  return create(AttributeProtoSchema, { name, type: AT.FLOATS, floats: value.floats });
}

export function makeNode(
  opType: string,
  inputs: string[],
  outputs: string[],
  name: string,
  attributes: Record<string, AttributeValue> = {},
  domain = '',
): NodeProto {
  return create(NodeProtoSchema, {
    opType, input: inputs, output: outputs, name, domain,
    attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
  });
}

export function getIntAttribute(node: NodeProto, name: string): number | undefined {
  const a = node.attribute.find((x) => x.name === name);
  return a ? Number(a.i) : undefined;
}

export function initializerMap(graph: GraphProto): Map<string, TensorProto> {
  return new Map(graph.initializer.map((t) => [t.name, t]));
}

/** Value name → the nodes that read it. */
export function consumerMap(graph: GraphProto): Map<string, NodeProto[]> {
  const map = new Map<string, NodeProto[]>();
  for (const node of graph.node) {
    for (const input of node.input) {
      if (!input) continue;
      const list = map.get(input) ?? [];
      list.push(node);
      map.set(input, list);
    }
  }
  return map;
}

/** Value name → the node that writes it. */
export function producerMap(graph: GraphProto): Map<string, NodeProto> {
  const map = new Map<string, NodeProto>();
  for (const node of graph.node) for (const output of node.output) map.set(output, node);
  return map;
}

/** Adds (or raises) an opset import, e.g. com.microsoft 1 for the contrib ops. */
export function ensureOpset(model: ModelProto, domain: string, version: number): void {
  const existing = model.opsetImport.find((o) => (o.domain || '') === domain);
  if (!existing) model.opsetImport.push(create(OperatorSetIdProtoSchema, { domain, version: BigInt(version) }));
  else if (existing.version < BigInt(version)) existing.version = BigInt(version);
}

export function opsetVersion(model: ModelProto, domain = ''): number {
  const entry = model.opsetImport.find((o) => (o.domain || '') === domain || (domain === '' && o.domain === 'ai.onnx'));
  return entry ? Number(entry.version) : 0;
}

/**
 * Copy for recipes, which never mutate their input. protobuf-es' clone() copies every bytes
 * field, which would double a 400 MB model in memory, so initializers are copied shallowly:
 * new TensorProto objects whose raw_data still views the input's bytes (never written in place).
 */
export function cloneModel(model: ModelProto): ModelProto {
  const graph = model.graph;
  if (!graph) return clone(ModelProtoSchema, model);
  const initializers = graph.initializer;
  graph.initializer = [];
  try {
    const copy = clone(ModelProtoSchema, model);
    copy.graph!.initializer = initializers.map((t) => ({ ...t, dims: [...t.dims], externalData: [...t.externalData] }));
    return copy;
  } finally {
    graph.initializer = initializers;
  }
}

/** A name not yet used by any value or initializer in the graph. */
export function uniqueNamer(graph: GraphProto): (base: string) => string {
  const used = new Set<string>();
  for (const t of graph.initializer) used.add(t.name);
  for (const n of graph.node) {
    used.add(n.name);
    for (const o of n.output) used.add(o);
  }
  for (const v of graph.input) used.add(v.name);
  return (base: string) => {
    let name = base;
    for (let i = 1; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  };
}

/** A graph input/output description; string dims are symbolic ("batch", "sequence"). */
export function makeValueInfo(name: string, elemType: number, dims: readonly (number | string)[]): ValueInfoProto {
  const dim = dims.map((d) =>
    create(TensorShapeProto_DimensionSchema, {
      value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d },
    }),
  );
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, {
      value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType, shape: create(TensorShapeProtoSchema, { dim }) }) },
    }),
  });
}
