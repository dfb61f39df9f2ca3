// Proof in the browser: every recipe's compressed graph (built with the GPU KernelBackend)
// runs on onnxruntime-web's native WebGPU EP and on its wasm EP, and its logits match the
// ORIGINAL fp32 graph run (wasm EP) with the weights the recipe effectively uses (dequantized
// codes, masked or fp16-rounded values).
// Tolerance: 1e-4 · max|logit| — WebGPU sums in a different order than the CPU kernels
// (measured below 1e-6 relative on SwiftShader); LLM.int8 quantizes activations at run time,
// so its runs are compared at 2e-2 (its exact checks against a reference of the run-time
// quantization are test/unit/recipes/llm-int8.test.ts and llm-int8-ep.test.ts), and its WebGPU
// run with its wasm run at 5e-3: float32 results upstream that differ in the last bit move
// an activation's int8 code by one step now and then (measured 9e-4 on the embedded model,
// 4e-7 on the tiny BERT).
// Also: which nodes the WebGPU EP placed on the CPU — the quantized MatMuls must not be.
import { describe, expect, it } from 'vitest';
import type { ModelProto } from 'onnx-buf';
import { cloneModel } from '../../../src/core/onnx/graph.ts';
import { decodeModel, encodeModel } from '../../../src/core/onnx/proto.ts';
import { validateMaskedLm } from '../../../src/core/onnx/validate.ts';
import type { MaskedLmBatch } from '../../../src/inference/ort-session.ts';
import { DataType, dimsOf, makeTensor } from '../../../src/core/onnx/tensor.ts';
import { compressModel } from '../../../src/core/recipes/compress.ts';
import { createGpuBackend } from '../../../src/gpu/kernel-backend.ts';
import { createKernels } from '../../../src/gpu/kernels.ts';
import { runOnEp } from '../../../src/inference/ort-run.ts';
import { LESSON_RECIPES, needsHeads } from '../../helpers/recipe-list.ts';
import { buildTinyBert, tinyBatch, tinyBertConfig } from '../../helpers/tiny-bert-onnx.ts';
import { maxRelativeDiff } from '../../helpers/relative-diff.ts';

const tinyBase = buildTinyBert();
const tinyMultiHead = buildTinyBert({ heads: 4 }); // head Reshapes like the hub export, for prune-heads
const kernels = createKernels({ backend: 'webgpu' });

function withWeights(model: ModelProto, weights: ReadonlyMap<string, Float32Array>): ModelProto {
  const out = cloneModel(model);
  const inits = out.graph!.initializer;
  for (const [name, values] of weights) {
    const i = inits.findIndex((t) => t.name === name);
    inits[i] = makeTensor(name, DataType.FLOAT, dimsOf(inits[i]!), values);
  }
  return out;
}

const QUANTIZED_OPS = /^(MatMulBnb4|MatMulNBits|DequantizeLinear) /;

async function prove(base: ModelProto, batch: MaskedLmBatch, recipe: string): Promise<void> {
  const result = await compressModel(base, recipe, { backend: createGpuBackend(kernels), keepEffectiveWeights: true });
  const bytes = encodeModel(result.model);
  const reference = await runOnEp(encodeModel(withWeights(base, result.effective)), 'wasm', batch);
  const gpu = await runOnEp(bytes, 'webgpu', batch);
  const wasm = await runOnEp(bytes, 'wasm', batch);
  const activationsQuantized = result.spec.quant.kind === 'int8';
  const tolerance = activationsQuantized ? 2e-2 : 1e-4;
  const diffs = { webgpu: maxRelativeDiff(gpu.logits, reference.logits), wasm: maxRelativeDiff(wasm.logits, reference.logits), between: maxRelativeDiff(gpu.logits, wasm.logits) };
  console.log(`${recipe}: relative max|Δlogit| webgpu ${diffs.webgpu.toExponential(2)}, wasm ${diffs.wasm.toExponential(2)}, webgpu vs wasm ${diffs.between.toExponential(2)}; ` +
    `WebGPU EP put ${gpu.cpuNodes!.length} nodes on the CPU: ${gpu.cpuNodes!.join(', ') || 'none'}`);
  expect(diffs.webgpu).toBeLessThanOrEqual(tolerance);
  if (activationsQuantized) expect(diffs.between).toBeLessThanOrEqual(5e-3);
  expect(diffs.wasm).toBeLessThanOrEqual(tolerance);
  expect(gpu.cpuNodes).toBeDefined();
  expect(gpu.cpuNodes!.filter((n) => QUANTIZED_OPS.test(n))).toEqual([]);
}

const recipes: string[] = import.meta.env.VITE_RECIPES?.split(',') ?? [...LESSON_RECIPES, 'prune-l1:0.4+nf4', 'prune-heads:0.5'];

describe('compressed graphs on the WebGPU and wasm EPs (tiny BERT)', () => {
  for (const recipe of recipes) it(recipe, () => prove(needsHeads(recipe) ? tinyMultiHead : tinyBase, tinyBatch(tinyBertConfig().vocab_size), recipe));
});

// The embedded model shipped in public/models/mini-bert-sotu/; a missing file fails the test.
let embedded: Promise<ModelProto> | undefined;
const loadEmbedded = () => (embedded ??= fetch('/models/mini-bert-sotu/onnx/model.onnx').then(async (r) =>
  {
    if (!r.ok || (r.headers.get('content-type') ?? '').includes('html')) throw new Error(`/models/mini-bert-sotu/onnx/model.onnx: expected the embedded model, got HTTP ${r.status} ${r.headers.get('content-type') ?? ''}`);
    return decodeModel(new Uint8Array(await r.arrayBuffer()));
  }));

describe('compressed graphs on the WebGPU and wasm EPs (embedded mini-BERT)', () => {
  for (const recipe of recipes) {
    it(recipe, async () => {
      const model = await loadEmbedded();
      await prove(model, tinyBatch(validateMaskedLm(model).vocabSize, 2, 16), recipe);
    });
  }
});
