// Timing the model call alone (errata §9): inputs are built once, outside the timed region, and
// the same inputs are used for every variant; warm-up calls (shader compilation, allocator
// growth, JIT) are run and discarded; the spread of repeats is reported, not one mean.
import { buildInputs, type ModelInputs, type RunModel } from './batch.ts';
import { EvalCancelledError, badOption } from './errors.ts';
import { quantile } from './bootstrap.ts';
import { maskedLmItems } from './masked-lm.ts';
import type { PairedLatency } from './paired-latency.ts';
import type { PreparedEval } from './prepare.ts';

export interface LatencyOptions {
  warmup?: number;
  repeats?: number;
  /** Milliseconds; performance.now by default. */
  now?: () => number;
  signal?: AbortSignal;
}

export interface Spread {
  median: number;
  p90: number;
}

export interface LatencyResult {
  batch: number;
  sequence: number;
  /** Attended (non-padding) tokens in the batch. */
  tokens: number;
  warmup: number;
  repeats: number;
  /** Milliseconds per model call. */
  batchMs: Spread;
  /** batchMs / batch. */
  exampleMs: Spread;
  /** tokens / median batch time. */
  tokensPerSecond: number;
  samplesMs: number[];
  /** Present when the calls took turns with the baseline's session: the ratio with its interval. */
  paired?: PairedLatency;
}

/** The timing batch: the first `batchSize` lines of the prepared set, masked as in evaluation. */
export function latencyInputs(prepared: PreparedEval, batchSize = 8): ModelInputs {
  return buildInputs(maskedLmItems(prepared).slice(0, batchSize), prepared.tokenizer.padId);
}

export async function measureLatency(runModel: RunModel, inputs: ModelInputs, options: LatencyOptions = {}): Promise<LatencyResult> {
  const warmup = options.warmup ?? 3;
  const repeats = options.repeats ?? 10;
  if (!Number.isInteger(warmup) || warmup < 0) throw badOption('warmup', 'a non-negative integer', warmup);
  if (!Number.isInteger(repeats) || repeats < 1) throw badOption('repeats', 'a positive integer', repeats);
  const now = options.now ?? (() => performance.now());
  for (let i = 0; i < warmup; i++) await runModel(inputs);
  const samplesMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    // Same error as a cancelled evaluation, so the worker handles one kind; no partial timing.
    if (options.signal?.aborted) throw new EvalCancelledError({ linesDone: 0, linesTotal: 0 });
    const start = now();
    await runModel(inputs);
    samplesMs.push(now() - start);
  }
  return latencyResultOf(inputs, samplesMs, warmup);
}

/** Median, p90, per-example and tokens-per-second figures of timed calls on `inputs`. */
export function latencyResultOf(inputs: ModelInputs, samplesMs: number[], warmup: number, paired?: PairedLatency): LatencyResult {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const batchMs = { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
  let tokens = 0;
  for (const m of inputs.attentionMask) tokens += Number(m);
  return {
    batch: inputs.batch, sequence: inputs.sequence, tokens, warmup, repeats: samplesMs.length, batchMs,
    exampleMs: { median: batchMs.median / inputs.batch, p90: batchMs.p90 / inputs.batch },
    tokensPerSecond: tokens / (batchMs.median / 1000), samplesMs, ...(paired ? { paired } : {}),
  };
}
