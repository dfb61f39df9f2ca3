// Building one variant inside the compression worker: compressModel on the GPU backend, the
// encoded file, its footprint and the per-layer error of every changed Linear weight.
import type { ModelProto, TensorProto } from 'onnx-buf';
import { onnxFileName } from '../core/export/names.ts';
import { modelFootprint } from '../core/footprint/model-footprint.ts';
import type { Footprint } from '../core/footprint/types.ts';
import { errorMetrics, type ErrorMetrics } from '../core/kernels/stats.ts';
import { findLinearLayers } from '../core/onnx/linear.ts';
import { validateMaskedLm } from '../core/onnx/validate.ts';
import { encodeModel } from '../core/onnx/proto.ts';
import { readFloatTensor } from '../core/onnx/tensor.ts';
import { float16ToFloat32 } from '../core/recipes/backend.ts';
import { compressModel } from '../core/recipes/compress.ts';
import type { RecipeSpec } from '../core/recipes/spec.ts';
import { createGpuBackend } from '../gpu/kernel-backend.ts';
import type { Backend, Kernels } from '../gpu/kernels.ts';

/** Layers with at least this many weights get their error metrics from the GPU kernel. */
export const METRICS_ON_GPU_FROM = 1 << 20;

export interface LayerError {
  /** Weight initializer name (e.g. bert.encoder.layer.0.attention.self.query.weight). */
  weight: string;
  role: string;
  layerIndex?: number;
  /** 10·log10(Σw² / Σ(w − ŵ)²) in dB; Infinity when unchanged. */
  sqnrDb: number;
  maxAbsError: number;
  metricsBackend: Backend;
}

export interface VariantSummary {
  recipe: string;
  fileName: string;
  footprint: Footprint;
  layers: LayerError[];
  /** Where the kernels ran ('webgpu', 'cpu', both after a fallback, none for fp32/ffn). */
  kernelBackends: Backend[];
  buildMs: number;
  /** Where the time went: compressModel (error metrics overlap it), encoding, waiting for the last metrics. */
  timing: { compressMs: number; encodeMs: number; metricsMs: number };
}

export interface BuildHooks {
  onLayer?: (step: string, done: number, total: number) => void;
  /** Awaited before every kernel call: throw to cancel; also yields to the worker's events. */
  checkpoint?: () => Promise<void>;
}

/**
 * Why a compressed graph must not go to the WebGPU EP (the worker then runs it on wasm only
 * and says so), or undefined. No recipe needs this now. LLM.int8 did, until its outlier path
 * stopped producing empty tensors: onnxruntime-web 1.31's WebGPU EP fails on a zero-sized
 * Gather output ("createBindGroup … Required member is undefined", in a batch with no outlier
 * column) and then stays broken for every later session in the thread (see llm-int8.ts).
 */
export function webgpuKnownFailure(_spec: RecipeSpec): string | undefined {
  return undefined;
}

/**
 * Receives each effective weight as a recipe produces it and starts its error metrics at once,
 * keeping only the pending result: holding every float32 copy until the end would add the
 * whole model's size again (340 MB for bert-base) to the worker's peak memory.
 */
class MetricsSink extends Map<string, Float32Array> {
  readonly metrics = new Map<string, Promise<{ backend: Backend; value: ErrorMetrics }>>();
  constructor(private readonly originals: Map<string, TensorProto>, private readonly kernels: Kernels) {
    super();
  }
  override set(name: string, effective: Float32Array): this {
    const tensor = this.originals.get(name);
    if (!tensor) return this;
    const original = readFloatTensor(tensor, float16ToFloat32);
    // A GPU round trip costs ~20 ms on SwiftShader, more than the CPU needs for a small layer;
    // both compute the same sums (within METRIC_RELATIVE_TOLERANCE), so small layers stay here.
    this.metrics.set(name, original.length >= METRICS_ON_GPU_FROM
      ? this.kernels.errorMetrics(original, effective)
      : Promise.resolve({ backend: 'cpu', value: errorMetrics(original, effective) }));
    return this;
  }
}

export async function buildVariant(source: ModelProto, recipe: string, kernels: Kernels, hooks: BuildHooks = {}): Promise<{ bytes: Uint8Array; summary: VariantSummary; spec: RecipeSpec }> {
  const started = performance.now();
  const backend = createGpuBackend(kernels, { checkpoint: hooks.checkpoint });
  const linearWeights = new Set(findLinearLayers(source, 'transformers-4', validateMaskedLm(source).vocabSize).map((l) => l.weight));
  const originals = new Map(source.graph!.initializer.filter((t) => linearWeights.has(t.name)).map((t) => [t.name, t]));
  const sink = new MetricsSink(originals, kernels);
  const result = await compressModel(source, recipe, {
    backend,
    keepEffectiveWeights: true,
    effectiveWeights: sink,
    onProgress: (e) => hooks.onLayer?.(e.step, e.done, e.total),
  });
  await hooks.checkpoint?.();
  const compressed = performance.now();
  const bytes = encodeModel(result.model);
  const encoded = performance.now();
  const footprint = modelFootprint(result, { onnxFileBytes: bytes.byteLength });
  const layers: LayerError[] = [];
  for (const layer of result.linears) {
    const pending = sink.metrics.get(layer.weight);
    if (!pending) continue;
    const metrics = await pending;
    layers.push({
      weight: layer.weight, role: layer.role, layerIndex: layer.layerIndex,
      sqnrDb: metrics.value.sqnrDb, maxAbsError: metrics.value.maxAbsError, metricsBackend: metrics.backend,
    });
  }
  const summary: VariantSummary = {
    recipe: result.spec.text, fileName: onnxFileName(result.spec), footprint, layers,
    kernelBackends: [...backend.ranOn], buildMs: performance.now() - started,
    timing: { compressMs: compressed - started, encodeMs: encoded - compressed, metricsMs: performance.now() - encoded },
  };
  return { bytes, summary, spec: result.spec };
}
