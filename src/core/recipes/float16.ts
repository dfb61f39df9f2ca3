// Storing float parameters as IEEE fp16 with a Cast back to float32 after each one, so the
// graph runs on every backend (WebGPU without `shader-f16` included, formats.md §5) while the
// file and the weights held by the app take half the bytes. onnxruntime constant-folds the
// Casts when it loads the model, so compute still happens in float32.
import { makeNode } from '../onnx/graph.ts';
import type { TensorProto } from 'onnx-buf';
import { DataType, dimsOf, elementCount, makeTensor } from '../onnx/tensor.ts';
import type { Workbench } from './workbench.ts';

/**
 * Float initializers with fewer elements are graph constants (scalars like 1.0, −10000,
 * √d), not parameters: rounding them would change the arithmetic of the graph itself.
 */
export const MIN_PARAMETER_ELEMENTS = 16;

/** Converts every float32 parameter not already replaced by a quantized form to fp16 + Cast. */
export async function storeRestAsFloat16(wb: Workbench): Promise<void> {
  const candidates = wb.graph.initializer.filter((t) => {
    const kind = wb.meta.get(t.name)?.kind ?? 'weight';
    return t.dataType === DataType.FLOAT && kind === 'weight' && elementCount(dimsOf(t)) >= MIN_PARAMETER_ELEMENTS;
  });
  const casts = [];
  let done = 0;
  for (const { tensor, bits } of await convertInBatches(wb, candidates)) {
    wb.setInitializer(makeTensor(tensor.name, DataType.FLOAT16, dimsOf(tensor), bits), { kind: 'weight', param: tensor.name });
    if (wb.options.keepEffectiveWeights) wb.effective.set(tensor.name, wb.readWeight(tensor.name));
    const asFloat = wb.uniqueName(`${tensor.name}_fp32`);
    for (const node of wb.graph.node) {
      node.input = node.input.map((i) => (i === tensor.name ? asFloat : i));
    }
    casts.push(makeNode('Cast', [tensor.name], [asFloat], wb.uniqueName(`${tensor.name}/Cast`), { to: DataType.FLOAT }));
    wb.progress('fp16', ++done, candidates.length);
  }
  wb.prependNodes(casts);
}

/**
 * Most parameters are small (biases, LayerNorm: 192–768 values) and a GPU call costs a round
 * trip of a few ms whatever its size, so tensors are converted together, concatenated up to
 * BATCH_ELEMENTS values per call. Conversion is elementwise: the bits are the same either way.
 */
export const BATCH_ELEMENTS = 1 << 22;

async function convertInBatches(wb: Workbench, tensors: readonly TensorProto[]): Promise<Array<{ tensor: TensorProto; bits: Uint16Array }>> {
  const out: Array<{ tensor: TensorProto; bits: Uint16Array }> = [];
  let batch: Array<{ tensor: TensorProto; values: Float32Array }> = [];
  let size = 0;
  const flush = async () => {
    if (!batch.length) return;
    const joined = new Float32Array(size);
    let offset = 0;
    for (const { values } of batch) {
      joined.set(values, offset);
      offset += values.length;
    }
    const bits = await wb.backend.toFloat16(joined);
    offset = 0;
    for (const { tensor, values } of batch) {
      out.push({ tensor, bits: bits.slice(offset, offset + values.length) });
      offset += values.length;
    }
    batch = [];
    size = 0;
  };
  for (const tensor of tensors) {
    const values = wb.readWeight(tensor.name);
    if (size + values.length > BATCH_ELEMENTS) await flush();
    batch.push({ tensor, values });
    size += values.length;
  }
  await flush();
  return out;
}

/** Marks small float initializers as graph constants for the accounting. */
export function markConstants(wb: Workbench): void {
  for (const t of wb.graph.initializer) {
    if (wb.meta.has(t.name)) continue;
    const isParameter = wb.isFloatInitializer(t) && elementCount(dimsOf(t)) >= MIN_PARAMETER_ELEMENTS;
    wb.meta.set(t.name, { kind: isParameter ? 'weight' : 'constant', param: t.name });
  }
}
