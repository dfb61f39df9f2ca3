// The typed protocol between the UI thread and compress.worker.ts. Requests carry an id;
// the worker answers with any number of progress messages (a union keyed on `status`, as
// transformers.js does) and then exactly one result or error. Model bytes stay in the worker:
// the UI gets summaries, and bytes only when it asks for a download.
import type { LatencyResult } from '../core/eval/latency.ts';
import type { ExecutionProvider } from '../inference/ort-run.ts';
import type { EvalDataset, EvalOutcome, EvalProgressMessage, EvalRequestOptions } from './eval-protocol.ts';
import type { VariantSummary } from './compress-variants.ts';
import type { DownloadProgress } from './load/fetch-file.ts';
import type { ModelSummary } from './load/inspect.ts';
import type { ModelSource } from './load/model-files.ts';
import type { LinearLayerInfo, WeightHistogramData } from './weight-histogram.ts';

export type { LinearLayerInfo, WeightHistogramData };
export type { DownloadProgress, EvalDataset, EvalOutcome, EvalProgressMessage, EvalRequestOptions, ExecutionProvider, ModelSource, ModelSummary, VariantSummary };

export type VariantId = string;

export type CompressRequest =
  | { type: 'load'; id: number; source: ModelSource; budget: number }
  | { type: 'compress'; id: number; variantId: VariantId; recipe: string }
  | { type: 'run'; id: number; variantId: VariantId | 'source'; ep: ExecutionProvider }
  | { type: 'bytes'; id: number; variantId: VariantId }
  | { type: 'zip'; id: number; variantIds: VariantId[] }
  | { type: 'cancel'; id: number; target: number }
  | { type: 'drop'; id: number; variantId: VariantId }
  | { type: 'evaluate'; id: number; variantId: VariantId | 'source'; ep: ExecutionProvider; dataset: EvalDataset; options: EvalRequestOptions }
  | { type: 'latency'; id: number; variantId: VariantId | 'source'; ep: ExecutionProvider; dataset: EvalDataset; options: EvalRequestOptions }
  | { type: 'linear-layers'; id: number }
  | { type: 'weight-histogram'; id: number; weight: string; bins: number };

export type CompressProgress =
  | DownloadProgress
  | { status: 'validate'; file: string }
  | { status: 'layer'; step: string; done: number; total: number }
  | { status: 'encode' }
  | { status: 'session'; ep: ExecutionProvider }
  | EvalProgressMessage;

export interface EpRunSummary {
  ep: ExecutionProvider;
  /** Why the variant was not run on this EP (a known runtime failure); no numbers then. */
  skipped?: string;
  createMs?: number;
  /** The first run compiles the EP's shaders; runMs is the second run of the same batch. */
  firstRunMs?: number;
  runMs?: number;
  /** Nodes ORT put on its CPU EP under WebGPU; undefined when its log was unavailable. */
  cpuNodes?: string[];
  /** max|logit − source logit| / max|source logit| on the same probe batch (wasm source). */
  relativeToSource?: number;
  logitsShape: readonly number[];
}

export interface CompressResults {
  load: ModelSummary;
  compress: VariantSummary & { variantId: VariantId };
  run: EpRunSummary;
  bytes: { fileName: string; bytes: Uint8Array };
  zip: { fileName: string; bytes: Uint8Array };
  cancel: undefined;
  drop: undefined;
  evaluate: EvalOutcome;
  latency: LatencyResult & { cpuNodes?: string[] };
  'linear-layers': LinearLayerInfo[];
  'weight-histogram': WeightHistogramData;
}

export interface SerializedLoadError {
  name: string;
  code?: string;
  message: string;
}

export type CompressResponse =
  | { type: 'progress'; id: number; progress: CompressProgress }
  | { type: 'result'; id: number; result: CompressResults[keyof CompressResults] }
  | { type: 'error'; id: number; error: SerializedLoadError };
