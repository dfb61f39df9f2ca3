// NF4 / FP4 (bitsandbytes 4-bit) as com.microsoft.MatMulBnb4 (formats.md §1, §4).
// B = the weight TRANSPOSED to PyTorch's [out, in] = [N, K], blocked over the flat array,
// high nibble first; absmax float32 per block. With double quantization the absmax values are
// stored as bitsandbytes stores them (uint8 dynamic-map codes, a float32 absmax per 256
// blocks, a float32 offset) and reconstructed INSIDE the graph by standard ops
// (Gather → Pad → Reshape → Mul → Reshape → Slice → Add). All their inputs are initializers,
// so onnxruntime folds them once at load; the file keeps the double-quantized size and the
// float32 arithmetic is exactly bitsandbytes' map[code]·absmax2 + offset.
import { dequantizeBnb4 } from '../kernels/bnb4.ts';
import { dequantizeDoubleQuant, dynamicMap } from '../kernels/double-quant.ts';
import { roundToF16 } from '../kernels/int8.ts';
import { transposeF32 } from '../kernels/layout.ts';
import { ensureOpset, makeNode } from '../onnx/graph.ts';
import { DataType, makeTensor } from '../onnx/tensor.ts';
import type { QuantSpec } from './spec.ts';
import type { Workbench } from './workbench.ts';

type Bnb4Spec = Extract<QuantSpec, { kind: 'bnb4' }>;

export const DYNAMIC_MAP_NAME = 'bnb.dynamic_map';

export async function quantizeBnb4Layers(wb: Workbench, spec: Bnb4Spec): Promise<void> {
  ensureOpset(wb.model, 'com.microsoft', 1);
  const targets = wb.linears.filter((l) => l.quantize);
  const done = new Map<string, { codes: string; absmax: string }>();
  for (const [index, layer] of targets.entries()) {
    const { weight, inFeatures: K, outFeatures: N } = layer;
    let stored = done.get(weight);
    if (!stored) {
      // rest=fp16 means the model is loaded in fp16 (transformers' default with a bnb config),
      // so bitsandbytes quantizes the fp16-rounded weights.
      const w = wb.readWeight(weight);
      const source = spec.rest === 'fp16' ? roundToF16(w) : w;
      const q = await wb.backend.quantizeBnb4(source, { type: spec.type, blockSize: spec.blockSize, layout: 'in-out', rows: K, cols: N });
      const codes = wb.uniqueName(`${weight}.bnb4`);
      wb.setInitializer(makeTensor(codes, DataType.UINT8, [q.packed.length], q.packed), { kind: 'codes', param: weight, weights: K * N, bits: 4 });
      let absmax: string;
      let effectiveAbsmax = q.absmax;
      if (spec.doubleQuant) {
        ({ absmax, effectiveAbsmax } = await addDoubleQuantAbsmax(wb, weight, q.absmax));
      } else {
        absmax = wb.uniqueName(`${weight}.absmax`);
        wb.setInitializer(makeTensor(absmax, DataType.FLOAT, [q.absmax.length], q.absmax), { kind: 'absmax', param: weight });
      }
      if (wb.options.keepEffectiveWeights) {
        wb.effective.set(weight, transposeF32(dequantizeBnb4({ ...q, absmax: effectiveAbsmax }), N, K));
      }
      stored = { codes, absmax };
      done.set(weight, stored);
    }
    wb.replaceNode(layer.matmul, [
      makeNode('MatMulBnb4', [layer.matmul.input[0]!, stored.codes, stored.absmax], [layer.matmul.output[0]!], wb.uniqueName(`${layer.matmul.name}_Bnb4`),
        { K, N, block_size: spec.blockSize, quant_type: spec.type === 'nf4' ? 1 : 0 }, 'com.microsoft'),
    ]);
    wb.progress(spec.doubleQuant ? 'nf4-dq' : spec.type, index + 1, targets.length);
  }
  wb.dropUnused();
}

async function addDoubleQuantAbsmax(wb: Workbench, weight: string, absmax: Float32Array): Promise<{ absmax: string; effectiveAbsmax: Float32Array }> {
  const dq = await wb.backend.doubleQuantize(absmax);
  const blocks = absmax.length;
  const groups = dq.absmax2.length;
  const name = (suffix: string) => wb.uniqueName(`${weight}.${suffix}`);
  const constant = (suffix: string, type: DataType, dims: number[], values: ArrayBufferView) => {
    const n = name(suffix);
    wb.setInitializer(makeTensor(n, type, dims, values), { kind: 'constant', param: weight });
    return n;
  };
  if (!wb.graph.initializer.some((t) => t.name === DYNAMIC_MAP_NAME)) {
    wb.setInitializer(makeTensor(DYNAMIC_MAP_NAME, DataType.FLOAT, [256], dynamicMap()), { kind: 'dq-map', param: DYNAMIC_MAP_NAME });
  }
  const codes = name('absmax_codes');
  wb.setInitializer(makeTensor(codes, DataType.UINT8, [blocks], dq.codes), { kind: 'dq-codes', param: weight });
  const absmax2 = name('absmax2');
  wb.setInitializer(makeTensor(absmax2, DataType.FLOAT, [groups, 1], dq.absmax2), { kind: 'dq-absmax', param: weight });
  const offset = name('absmax_offset');
  wb.setInitializer(makeTensor(offset, DataType.FLOAT, [], Float32Array.of(dq.offset)), { kind: 'dq-offset', param: weight });

  const v = (suffix: string) => name(`dq/${suffix}`);
  const [indices, values, padded, grid, scaled, flat, sliced, result] = ['idx', 'values', 'padded', 'grid', 'scaled', 'flat', 'sliced', 'absmax'].map(v) as string[];
  const pad = dq.blockSize * groups - blocks;
  const nodes = [
    makeNode('Cast', [codes], [indices!], v('Cast'), { to: DataType.INT32 }),
    makeNode('Gather', [DYNAMIC_MAP_NAME, indices!], [values!], v('Gather'), { axis: 0 }),
    pad > 0
      ? makeNode('Pad', [values!, constant('dq_pads', DataType.INT64, [2], BigInt64Array.of(0n, BigInt(pad)))], [padded!], v('Pad'))
      : makeNode('Identity', [values!], [padded!], v('Identity')),
    makeNode('Reshape', [padded!, constant('dq_grid_shape', DataType.INT64, [2], BigInt64Array.of(BigInt(groups), BigInt(dq.blockSize)))], [grid!], v('Reshape')),
    makeNode('Mul', [grid!, absmax2], [scaled!], v('Mul')),
    makeNode('Reshape', [scaled!, constant('dq_flat_shape', DataType.INT64, [1], BigInt64Array.of(-1n))], [flat!], v('Reshape_flat')),
    makeNode('Slice', [flat!, constant('dq_start', DataType.INT64, [1], BigInt64Array.of(0n)), constant('dq_end', DataType.INT64, [1], BigInt64Array.of(BigInt(blocks)))], [sliced!], v('Slice')),
    makeNode('Add', [sliced!, offset], [result!], v('Add')),
  ];
  wb.prependNodes(nodes);
  return { absmax: result!, effectiveAbsmax: dequantizeDoubleQuant(dq) };
}
