// Weight-only int8: per-output-channel symmetric int8 codes + DequantizeLinear (axis 1) +
// the original MatMul — the standard-ONNX route (opset ≥ 13), no contrib op needed.
// Activations stay float32; onnxruntime does not constant-fold DequantizeLinear, so the
// session keeps the int8 codes and dequantizes per run.
import { dequantizeInt8PerChannel } from '../kernels/int8.ts';
import { RecipeError } from '../onnx/errors.ts';
import { makeNode, opsetVersion } from '../onnx/graph.ts';
import { DataType, makeTensor } from '../onnx/tensor.ts';
import type { Workbench } from './workbench.ts';

export async function quantizeInt8WeightOnly(wb: Workbench): Promise<void> {
  requireOpset(wb, 13, 'int8-weight-only (per-axis DequantizeLinear)');
  const targets = wb.linears.filter((l) => l.quantize);
  const done = new Map<string, string>();
  for (const [index, layer] of targets.entries()) {
    const { weight, inFeatures: K, outFeatures: N } = layer;
    let dequantized = done.get(weight);
    const nodes = [];
    if (!dequantized) {
      const q = await wb.backend.quantizeInt8PerChannel(wb.readWeight(weight), K, N);
      const codes = wb.uniqueName(`${weight}.int8`);
      const scales = wb.uniqueName(`${weight}.scales`);
      wb.setInitializer(makeTensor(codes, DataType.INT8, [K, N], q.codes), { kind: 'codes', param: weight, weights: K * N, bits: 8 });
      wb.setInitializer(makeTensor(scales, DataType.FLOAT, [N], q.scales), { kind: 'scale', param: weight });
      dequantized = wb.uniqueName(`${weight}_dequantized`);
      nodes.push(makeNode('DequantizeLinear', [codes, scales], [dequantized], wb.uniqueName(`${layer.matmul.name}_DequantizeLinear`), { axis: 1 }));
      if (wb.options.keepEffectiveWeights) wb.effective.set(weight, dequantizeInt8PerChannel(q));
      done.set(weight, dequantized);
    }
    nodes.push(makeNode('MatMul', [layer.matmul.input[0]!, dequantized], [...layer.matmul.output], layer.matmul.name));
    wb.replaceNode(layer.matmul, nodes);
    wb.progress('int8-weight-only', index + 1, targets.length);
  }
  wb.dropUnused();
}

export function requireOpset(wb: Workbench, minimum: number, what: string): void {
  const version = opsetVersion(wb.model);
  if (version < minimum) {
    throw new RecipeError('bad-combination', {
      expected: `a model with ai.onnx opset ≥ ${minimum} for ${what}`,
      found: `opset ${version}`,
      fix: `Re-export the model with opset ${minimum} or newer (e.g. optimum-cli export onnx --opset 17).`,
    });
  }
}
