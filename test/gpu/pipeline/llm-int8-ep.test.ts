// LLM.int8's run-time subgraph (src/core/recipes/llm-int8.ts) on onnxruntime-web's native
// WebGPU EP and its wasm EP, for batches with no outlier column, with some, and with the
// outlier path off, each against the plain-TS reference (llm-int8-reference.ts).
// wasm: the same tolerance as the Node proof (test/unit/recipes/llm-int8.test.ts): bit-exact
// without outliers, ≤ 1e-6 relative with them (float summation order of the outlier MatMul).
// WebGPU: the float ops before the int8 rounding (127 / SCA, X · factor) run in WGSL, whose
// f32 division is not required to be correctly rounded, so a code can move by one step:
// measured differences are reported, and bounded by WEBGPU_TOLERANCE (measured: 0 on
// SwiftShader).
// Then whole tiny BERTs whose batch has outlier columns in some layers, and none in any, on
// both EPs: each against fp32 with the dequantized weights (only activation quantization
// left: 2e-2 as in ep-logits.test.ts) and WebGPU against wasm.
import { describe, expect, it } from 'vitest';
import { cloneModel } from '../../../src/core/onnx/graph.ts';
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { DataType, dimsOf, makeTensor, readTensor } from '../../../src/core/onnx/tensor.ts';
import { compressModel } from '../../../src/core/recipes/compress.ts';
import { quantizeLlmInt8Layers } from '../../../src/core/recipes/llm-int8.ts';
import { llmInt8Linear } from '../../../src/core/recipes/llm-int8-reference.ts';
import { Workbench } from '../../../src/core/recipes/workbench.ts';
import { ort } from '../../../src/inference/ort-browser.ts';
import { runOnEp, type ExecutionProvider } from '../../../src/inference/ort-run.ts';
import { oneLinear, outlierColumnsPerLayer } from '../../helpers/llm-int8-model.ts';
import { buildTinyBert, tinyBatch, tinyBertConfig } from '../../helpers/tiny-bert-onnx.ts';
import { maxRelativeDiff } from '../../helpers/relative-diff.ts';

const B = 3, S = 5;
const WEBGPU_TOLERANCE = 1e-4;

const cases = [
  { name: 'no outlier column', activationStd: 0.5, wideColumns: [], threshold: 6, outliers: 0 },
  { name: 'one outlier column', activationStd: 0.5, wideColumns: [7], threshold: 6, outliers: 1 },
  { name: 'many outlier columns', activationStd: 3, wideColumns: [], threshold: 6, outliers: 20 },
  { name: 'outlier path off (threshold 0)', activationStd: 3, wideColumns: [], threshold: 0, outliers: 0 },
  // Every code ±127: the int32 sums' worst case (this browser's wasm binary is not Node's).
  { name: 'every code ±127', activationStd: 0, wideColumns: [], threshold: 6, outliers: 0, extremeCodes: true, K: 512 },
  // Every code an exact tie k + ½: round half to even inside QuantizeLinear.
  { name: 'ties', activationStd: 0, wideColumns: [], threshold: 6, outliers: 0, ties: true },
] as const;

describe('LLM.int8 subgraph on the WebGPU and wasm EPs', () => {
  for (const c of cases) {
    for (const ep of ['webgpu', 'wasm'] as ExecutionProvider[]) {
      it(`${c.name}, ${ep}`, async () => {
        const { model, x, K, N, V } = oneLinear(18n, { activationStd: c.activationStd, wideColumns: [...c.wideColumns], ...('extremeCodes' in c ? { extremeCodes: true, K: c.K } : {}), ...('ties' in c ? { ties: true } : {}) });
        const wb = new Workbench(model, { convention: 'all-linears' });
        await quantizeLlmInt8Layers(wb, { kind: 'int8', threshold: c.threshold, rest: 'fp32' });
        const inputIds = BigInt64Array.from({ length: B * S }, (_, i) => BigInt((i * 7) % V));
        const batch = { batch: B, sequence: S, inputIds, attentionMask: new BigInt64Array(B * S).fill(1n) };
        const run = await runOnEp(encodeModel(wb.model), ep, batch);
        const cb = readTensor(wb.graph.initializer.find((t) => t.name.endsWith('.CB'))!) as Int8Array;
        const scb = readTensor(wb.graph.initializer.find((t) => t.name.endsWith('.SCB'))!) as Float32Array;
        const ref = llmInt8Linear(x(inputIds), B * S, K, cb, scb, N, c.threshold);
        expect(ref.outlierColumns.length).toBe(c.outliers);
        expect(run.dims).toEqual([B, S, N]);
        const diff = maxRelativeDiff(run.logits, ref.y);
        console.log(`LLM.int8 ${c.name} on ${ep}: ${ref.outlierColumns.length} outlier columns, relative max|Δ| ${diff.toExponential(2)}` +
          (ep === 'webgpu' ? `; on the CPU: ${run.cpuNodes?.map((n) => n.split(' ')[0]).join(', ') || 'none'}` : ''));
        if (ep === 'webgpu') expect(diff).toBeLessThanOrEqual(WEBGPU_TOLERANCE);
        else expect(diff).toBeLessThanOrEqual(c.outliers > 0 ? 1e-6 : 0);
      });
    }
  }
});

const models = [
  // LayerNorm gain 10 on two channels: q, k, v and intermediate inputs reach |x| ≥ 6.
  { name: 'tiny BERT with outlier channels', options: { outlierChannels: [3, 17], weightStd: 0.05 }, outliers: true },
  // Hidden 36, LayerNorm gain 1: |x| ≤ √35 < 6 there, and small weights keep the rest small.
  { name: 'tiny BERT without outliers', options: { weightStd: 0.05 }, outliers: false },
] as const;

describe('LLM.int8 whole model on the WebGPU and wasm EPs', () => {
  for (const m of models) {
    it(m.name, async () => {
      const base = buildTinyBert({ ...m.options, outlierChannels: 'outlierChannels' in m.options ? [...m.options.outlierChannels] : undefined });
      const batch = tinyBatch(tinyBertConfig().vocab_size, 3, 12);
      const result = await compressModel(base, 'int8', { keepEffectiveWeights: true });
      const perLayer = await outlierColumnsPerLayer(ort, result.model, batch);
      expect(perLayer).toHaveLength(12);
      expect(perLayer.some((n) => n > 0)).toBe(m.outliers);
      const reference = cloneModel(base);
      for (const [name, values] of result.effective) {
        const i = reference.graph!.initializer.findIndex((t) => t.name === name);
        reference.graph!.initializer[i] = makeTensor(name, DataType.FLOAT, dimsOf(reference.graph!.initializer[i]!), values);
      }
      const expected = (await runOnEp(encodeModel(reference), 'wasm', batch)).logits;
      const bytes = encodeModel(result.model);
      const gpu = await runOnEp(bytes, 'webgpu', batch);
      const wasm = await runOnEp(bytes, 'wasm', batch);
      const diffs = { webgpu: maxRelativeDiff(gpu.logits, expected), wasm: maxRelativeDiff(wasm.logits, expected), between: maxRelativeDiff(gpu.logits, wasm.logits) };
      console.log(`${m.name}: outlier columns per layer ${perLayer.join(' ')}; relative max|Δlogit| vs fp32 webgpu ${diffs.webgpu.toExponential(2)}, ` +
        `wasm ${diffs.wasm.toExponential(2)}, webgpu vs wasm ${diffs.between.toExponential(2)}`);
      expect(diffs.webgpu).toBeLessThanOrEqual(2e-2);
      expect(diffs.wasm).toBeLessThanOrEqual(2e-2);
      expect(diffs.between).toBeLessThanOrEqual(WEBGPU_TOLERANCE);
    });
  }
});
