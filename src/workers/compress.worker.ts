// Worker entry: holds the loaded model and its variants, builds variants with the WGSL kernels
// (GPU KernelBackend), runs them on onnxruntime-web's WebGPU and wasm EPs, and hands out bytes
// for downloads. The UI thread only sends requests and draws what comes back.
/// <reference lib="webworker" />
import type { ModelProto } from 'onnx-buf';
import { zipModelFolder } from '../core/export/zip.ts';
import { createKernels } from '../gpu/kernels.ts';
import { prefetchLessonPipelines } from '../gpu/warm-up.ts';
import { runOnEp } from '../inference/ort-run.ts';
import type { MaskedLmBatch } from '../inference/ort-session.ts';
import type { CompressProgress, CompressRequest, CompressResponse, CompressResults, EpRunSummary } from './compress-protocol.ts';
import { evaluateInWorker, latencyInWorker, type EvalTarget } from './compress-eval.ts';
import { buildVariant, webgpuKnownFailure, type VariantSummary } from './compress-variants.ts';
import { ModelLoadError } from './load/errors.ts';
import { inspectModel, type ModelSummary } from './load/inspect.ts';
import { loadModelFiles, type ModelFiles } from './load/model-files.ts';
import { linearLayerInfo, modelWeightHistogram } from './weight-histogram.ts';

interface Loaded {
  model: ModelProto;
  files: ModelFiles;
  summary: ModelSummary;
  sourceLogits?: Float32Array;
}

let loaded: Loaded | undefined;
const variants = new Map<string, { bytes: Uint8Array; summary: VariantSummary; webgpuSkip?: string }>();
const running = new Map<number, AbortController>();
const kernels = createKernels();
/** Pipeline compilation started after a load; builds wait for it rather than compile twice. */
let kernelsWarm: Promise<void> = Promise.resolve();

class CancelledError extends Error {
  override readonly name = 'CancelledError';
  readonly code = 'cancelled';
}

const post = (response: CompressResponse, transfer: Transferable[] = []) =>
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(response, transfer);

/** Lets queued messages (a cancel) run between kernel calls; a MessageChannel hop is ~0 ms. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

function requireModel(): Loaded {
  if (!loaded) throw new Error('No model is loaded: load one first.');
  return loaded;
}

/** A fixed batch of token ids (2 × up to 16, one row padded) for comparing logits. */
function probeBatch(summary: ModelSummary): MaskedLmBatch {
  const maxPositions = Number(summary.config.max_position_embeddings ?? 16);
  const sequence = Math.min(16, maxPositions);
  const inputIds = new BigInt64Array(2 * sequence);
  const attentionMask = new BigInt64Array(2 * sequence);
  for (let i = 0; i < inputIds.length; i++) {
    const real = i < sequence || i % sequence < sequence - 3;
    inputIds[i] = real ? BigInt(5 + ((i * 7919) % (summary.vocabSize - 5))) : 0n;
    attentionMask[i] = real ? 1n : 0n;
  }
  return { batch: 2, sequence, inputIds, attentionMask };
}

/** The fp32 source ('source') or a built variant, as the evaluation sees it; bytes stay here. */
function evalTarget(variantId: string): EvalTarget {
  const source = requireModel();
  const variant = variantId === 'source' ? undefined : variants.get(variantId);
  if (variantId !== 'source' && !variant) throw new Error(`No variant ${variantId}: build it first.`);
  const maxPositions = Number(source.summary.config.max_position_embeddings) || undefined;
  return { files: source.files, maxPositions, vocabSize: source.summary.vocabSize, bytes: variant?.bytes ?? source.files.onnx, webgpuSkip: variant?.webgpuSkip };
}

function relativeDiff(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale > 0 ? diff / scale : diff;
}

async function handle(request: Exclude<CompressRequest, { type: 'cancel' }>, signal: AbortSignal, progress: (p: CompressProgress) => void): Promise<CompressResults[keyof CompressResults]> {
  switch (request.type) {
    case 'load': {
      // Kernel compilation needs no model: it runs while the files download and parse.
      const prefetch = prefetchLessonPipelines(kernels);
      const files = await loadModelFiles(request.source, { signal, budget: request.budget, onProgress: progress });
      progress({ status: 'validate', file: 'onnx/model.onnx' });
      const { model, summary } = await inspectModel(files);
      // Only a fully valid model replaces the current one (a failed load keeps the previous).
      loaded = { model, files, summary };
      variants.clear();
      // A failed warm-up is not an error: the first build then compiles (and reports) as usual.
      kernelsWarm = kernelsWarm.then(() => prefetch);
      return summary;
    }
    case 'compress': {
      const source = requireModel();
      const checkpoint = async () => {
        await yieldToEvents();
        if (signal.aborted) throw new CancelledError(`Building ${request.recipe} was cancelled.`);
      };
      await kernelsWarm;
      const built = await buildVariant(source.model, request.recipe, kernels, {
        checkpoint, onLayer: (step, done, total) => progress({ status: 'layer', step, done, total }),
      });
      variants.set(request.variantId, { bytes: built.bytes, summary: built.summary, webgpuSkip: webgpuKnownFailure(built.spec) });
      return { ...built.summary, variantId: request.variantId };
    }
    case 'run': {
      const source = requireModel();
      const variant = request.variantId === 'source' ? undefined : variants.get(request.variantId);
      if (request.variantId !== 'source' && !variant) throw new Error(`No variant ${request.variantId}: build it first.`);
      const batch = probeBatch(source.summary);
      const shape = [batch.batch, batch.sequence, source.summary.vocabSize];
      if (request.ep === 'webgpu' && variant?.webgpuSkip) return { ep: 'webgpu', skipped: variant.webgpuSkip, logitsShape: shape } satisfies EpRunSummary;
      source.sourceLogits ??= (await runOnEp(source.files.onnx, 'wasm', batch)).logits;
      progress({ status: 'session', ep: request.ep });
      const ran = await runOnEp(variant?.bytes ?? source.files.onnx, request.ep, batch);
      return {
        ep: ran.ep, createMs: ran.createMs, firstRunMs: ran.firstRunMs, runMs: ran.runMs, cpuNodes: ran.cpuNodes,
        relativeToSource: relativeDiff(ran.logits, source.sourceLogits), logitsShape: ran.dims,
      } satisfies EpRunSummary;
    }
    case 'bytes': {
      const variant = variants.get(request.variantId);
      if (!variant) throw new Error(`No variant ${request.variantId}: build it first.`);
      return { fileName: variant.summary.fileName, bytes: variant.bytes.slice() };
    }
    case 'zip': {
      const { files } = requireModel();
      const onnx = new Map(request.variantIds.map((id) => {
        const v = variants.get(id);
        if (!v) throw new Error(`No variant ${id}: build it first.`);
        return [v.summary.fileName, v.bytes] as const;
      }));
      const bytes = zipModelFolder({ config: files.config, tokenizer: files.tokenizer, tokenizerConfig: files.tokenizerConfig, onnx }, files.name.replace(/\W+/g, '-'));
      return { fileName: `${files.name.replace(/\W+/g, '-')}-bitlab.zip`, bytes };
    }
    case 'evaluate':
      // A variant's timing takes turns with the loaded model's own session (paired latency).
      return evaluateInWorker(evalTarget(request.variantId), request.ep, request.dataset, request.options, signal, progress, request.variantId === 'source' ? undefined : evalTarget('source'));
    case 'latency':
      return latencyInWorker(evalTarget(request.variantId), request.ep, request.dataset, request.options, signal);
    case 'drop':
      variants.delete(request.variantId);
      return undefined;
    case 'linear-layers':
      return linearLayerInfo(requireModel().model);
    case 'weight-histogram':
      return modelWeightHistogram(requireModel().model, request.weight, request.bins);
  }
}

function serialize(error: unknown) {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

self.onmessage = async (event: MessageEvent<CompressRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    running.get(request.target)?.abort();
    post({ type: 'result', id: request.id, result: undefined });
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  try {
    const result = await handle(request, controller.signal, (progress) => post({ type: 'progress', id: request.id, progress }));
    const transfer = result && 'bytes' in result && result.bytes instanceof Uint8Array ? [result.bytes.buffer as ArrayBuffer] : [];
    post({ type: 'result', id: request.id, result }, transfer);
  } catch (error) {
    const cancelled = controller.signal.aborted && !(error instanceof ModelLoadError && error.code !== 'cancelled');
    post({ type: 'error', id: request.id, error: cancelled ? { name: 'CancelledError', code: 'cancelled', message: 'Cancelled; nothing was changed.' } : serialize(error) });
  } finally {
    running.delete(request.id);
  }
};
