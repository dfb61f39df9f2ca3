// Evaluation requests of the compression worker (it holds the variant bytes, so scoring runs
// where the model is and nothing but numbers crosses to the UI thread).
import type { EvalProtocol } from '../core/eval/results.ts';
import type { LatencyResult } from '../core/eval/latency.ts';
import type { MlmMetrics } from '../core/eval/bootstrap.ts';
import type { LineScores } from '../core/eval/engine.ts';
import type { EvalSettings, PrepareStats } from '../core/eval/prepare.ts';
import type { ExecutionProvider } from '../inference/ort-run.ts';

/** Where the lines come from; the worker fetches or reads them itself. */
export type EvalDataset =
  | { kind: 'url'; id: string; url: string }
  | { kind: 'file'; file: File }
  | { kind: 'text'; id: string; text: string }
  /** Wikitext-2 test parquet from a hub host (`percent` < 100 takes the first rows, as 🤗 `[:10%]`). */
  | { kind: 'wikitext'; host: string; percent: number };

export interface EvalRequestOptions {
  protocol: EvalProtocol;
  maxLines?: number;
  seed: number;
  batchSize: number;
  maxLength?: number;
  /**
   * Model-call timing after scoring; omitted → no latency. With `rounds`, a variant's calls take
   * turns with the baseline's (fp32) session for that many rounds of `callsPerTurn` calls each
   * (paired latency); `repeats` then only applies to the baseline's own row.
   */
  latency?: { warmup: number; repeats: number; rounds?: number; callsPerTurn?: number };
}

export type EvalProgressMessage =
  | { status: 'eval-data'; step: 'fetch' | 'tokenize' }
  | { status: 'eval-session'; ep: ExecutionProvider }
  | { status: 'eval-lines'; linesDone: number; linesTotal: number; tokensPerSecond: number; etaSeconds: number }
  | { status: 'eval-latency'; roundsDone?: number; roundsTotal?: number };

export interface EvalOutcome {
  /** Stable name of the data set (with a content hash for user files). */
  datasetId: string;
  protocol: EvalProtocol;
  ep: ExecutionProvider;
  metrics: MlmMetrics;
  scores: LineScores;
  settings: EvalSettings;
  stats: PrepareStats;
  /** Wall time of the scoring loop (model calls + scoring). */
  seconds: number;
  latency?: LatencyResult;
  /** Nodes ORT put on its CPU EP under WebGPU; [] on wasm; undefined when its log was unavailable. */
  cpuNodes?: string[];
  /** For the classic protocol: what makes it misleading, counted. */
  classic?: { emptyLines: number; linesWithoutMask: number; maskedSpecialTokens: number };
}
