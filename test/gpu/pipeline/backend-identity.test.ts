// The GPU KernelBackend writes the same bytes as cpuBackend: for every recipe the tiny BERT
// is compressed twice (WebGPU kernels, CPU references) and every initializer is compared
// byte for byte, then the whole encoded file. A model with coarse weights (many equal |w|)
// exercises the pruning tie rule (lower flat index pruned first) on both sides.
import { describe, expect, it } from 'vitest';
import type { ModelProto } from 'onnx-buf';
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { DataType, makeTensor, readTensor } from '../../../src/core/onnx/tensor.ts';
import { cpuBackend } from '../../../src/core/recipes/backend.ts';
import { compressModel } from '../../../src/core/recipes/compress.ts';
import { createGpuBackend } from '../../../src/gpu/kernel-backend.ts';
import { createKernels } from '../../../src/gpu/kernels.ts';
import { firstByteMismatch } from '../../helpers/bytes.ts';
import { EXTRA_RECIPES, LESSON_RECIPES, needsHeads } from '../../helpers/recipe-list.ts';
import { buildTinyBert } from '../../helpers/tiny-bert-onnx.ts';

/** Weights rounded to multiples of 1/16: most |w| are shared by many weights. */
function coarse(model: ModelProto): ModelProto {
  const graph = model.graph!;
  graph.initializer = graph.initializer.map((t) => {
    if (t.dataType !== DataType.FLOAT || t.dims.length !== 2) return t;
    const values = (readTensor(t) as Float32Array).map((v) => Math.round(v * 16) / 16);
    return makeTensor(t.name, DataType.FLOAT, t.dims.map(Number), values);
  });
  return model;
}

const kernels = createKernels({ backend: 'webgpu' });
const models = { random: buildTinyBert(), coarse: coarse(buildTinyBert({ seed: 5 })) };
// prune-heads needs heads to remove: the same models with 4 heads and hub-style head Reshapes.
const multiHead: Record<string, ModelProto> = { random: buildTinyBert({ heads: 4 }), coarse: coarse(buildTinyBert({ seed: 5, heads: 4 })) };

describe('GPU KernelBackend = cpuBackend, byte for byte', () => {
  for (const [modelName, model] of Object.entries(models)) {
    for (const recipe of [...LESSON_RECIPES, ...EXTRA_RECIPES]) {
      it(`${recipe} on the ${modelName} tiny BERT`, async () => {
        const source = needsHeads(recipe) ? multiHead[modelName]! : model;
        const gpu = createGpuBackend(kernels);
        const onGpu = await compressModel(source, recipe, { backend: gpu });
        const onCpu = await compressModel(source, recipe, { backend: cpuBackend });
        const gpuInits = onGpu.model.graph!.initializer;
        const cpuInits = onCpu.model.graph!.initializer;
        expect(gpuInits.map((t) => t.name)).toEqual(cpuInits.map((t) => t.name));
        for (const [i, t] of gpuInits.entries()) {
          const other = cpuInits[i]!;
          expect([t.name, t.dataType, t.dims]).toEqual([other.name, other.dataType, other.dims]);
          expect({ name: t.name, mismatch: firstByteMismatch(t.rawData, other.rawData) }).toEqual({ name: t.name, mismatch: null });
        }
        expect(firstByteMismatch(encodeModel(onGpu.model), encodeModel(onCpu.model))).toBeNull();
        // fp32 and structured FFN pruning call no kernel at all; every other recipe must have run on WebGPU.
        const expected = recipe === 'fp32' || recipe === 'prune-ffn:0.5' ? [] : ['webgpu'];
        expect([...gpu.ranOn]).toEqual(expected);
      });
    }
  }

  for (const recipe of ['fp16', 'nf4-dq', 'prune-l1:0.4+nf4', 'prune-2of4']) {
    it(`${recipe} with small tensors (biases, LayerNorm) on the CPU reference`, async () => {
      const mixed = createGpuBackend(kernels, { cpuBelow: 1000 });
      const a = await compressModel(models.random, recipe, { backend: mixed });
      const b = await compressModel(models.random, recipe, { backend: cpuBackend });
      expect(firstByteMismatch(encodeModel(a.model), encodeModel(b.model))).toBeNull();
      // fp16 conversion batches small tensors into one large call (src/core/recipes/float16.ts),
      // so only nf4-dq's small absmax arrays still fall under the threshold.
      expect(new Set(mixed.ranOn)).toEqual(new Set(recipe === 'nf4-dq' ? ['webgpu', 'cpu'] : ['webgpu']));
    });
  }
});
