// INT4 blockwise as com.microsoft.MatMulNBits (transformers.js' `q4`: symmetric, block 32;
// formats.md §4). Codes, scales and zero points come from the backend in ORT's own layout and
// rounding, so our file matches what onnxruntime's matmul_4bits_quantizer would write.
import { dequantizeNBits } from '../kernels/nbits.ts';
import { ensureOpset, makeNode } from '../onnx/graph.ts';
import { DataType, makeTensor } from '../onnx/tensor.ts';
import type { QuantSpec } from './spec.ts';
import type { Workbench } from './workbench.ts';

type Int4Spec = Extract<QuantSpec, { kind: 'int4' }>;

export async function quantizeNBitsLayers(wb: Workbench, spec: Int4Spec): Promise<void> {
  ensureOpset(wb.model, 'com.microsoft', 1);
  const targets = wb.linears.filter((l) => l.quantize);
  const done = new Map<string, string[]>();
  for (const [index, layer] of targets.entries()) {
    const { weight, inFeatures: K, outFeatures: N } = layer;
    let inputs = done.get(weight);
    if (!inputs) {
      const q = await wb.backend.quantizeNBits(wb.readWeight(weight), { K, N, blockSize: spec.blockSize, symmetric: spec.symmetric, layout: 'in-out' });
      const blocks = Math.ceil(K / spec.blockSize);
      const codes = wb.uniqueName(`${weight}.q4`);
      wb.setInitializer(makeTensor(codes, DataType.UINT8, [N, blocks, spec.blockSize / 2], q.data), { kind: 'codes', param: weight, weights: K * N, bits: 4 });
      const scales = wb.uniqueName(`${weight}.scales`);
      wb.setInitializer(makeTensor(scales, DataType.FLOAT, [N, blocks], q.scales), { kind: 'scale', param: weight });
      inputs = [codes, scales];
      if (q.zeroPoints) {
        const zp = wb.uniqueName(`${weight}.zero_points`);
        wb.setInitializer(makeTensor(zp, DataType.UINT8, [N, Math.ceil(blocks / 2)], q.zeroPoints), { kind: 'zero-point', param: weight });
        inputs.push(zp);
      }
      if (wb.options.keepEffectiveWeights) wb.effective.set(weight, dequantizeNBits(q, 'in-out'));
      done.set(weight, inputs);
    }
    wb.replaceNode(layer.matmul, [
      makeNode('MatMulNBits', [layer.matmul.input[0]!, ...inputs], [layer.matmul.output[0]!], wb.uniqueName(`${layer.matmul.name}_Q4`),
        { K, N, bits: 4, block_size: spec.blockSize }, 'com.microsoft'),
    ]);
    wb.progress('int4', index + 1, targets.length);
  }
  wb.dropUnused();
}
