// The batch loop shared by every protocol: items → padded int64 inputs → the caller's
// runModel → per-line NLL sums. Progress after each batch; cancellation checked between
// batches, so a cancel stops within one batch.
import { EvalCancelledError, badOption, type PartialScores } from './errors.ts';
import { accumulate, buildInputs, checkLogits, newAccumulator, type LineAccumulator, type RunModel, type ScoreItem } from './batch.ts';

export const DEFAULT_BATCH_SIZE = 8;

export interface EvalProgress {
  linesDone: number;
  linesTotal: number;
  /** Attended (non-padding) input tokens per second of wall time so far. */
  tokensPerSecond: number;
  etaSeconds: number;
}

export interface RunOptions {
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: EvalProgress) => void;
  /** Clock in milliseconds (default performance.now), injectable for tests. */
  now?: () => number;
}

/** Per-line sums, as plain arrays so results serialize (JSON, structured clone, IndexedDB). */
export interface LineScores {
  /** Σ −log p(target) over the line's scored tokens. */
  nll: number[];
  count: number[];
  correct: number[];
}

export interface ScoredRun {
  scores: LineScores;
  /** Wall time of the loop (model calls and scoring), for the progress display only. */
  seconds: number;
}

export interface CancelledScores extends PartialScores {
  /** Scores of lines [0, linesDone); every one of them complete. */
  scores: LineScores;
}

export function toLineScores(acc: LineAccumulator, lines = acc.nll.length): LineScores {
  return { nll: Array.from(acc.nll.subarray(0, lines)), count: Array.from(acc.count.subarray(0, lines)), correct: Array.from(acc.correct.subarray(0, lines)) };
}

/**
 * Scores `items` (sorted by line) in batches of `batchSize`. Items of one line may span
 * batches (pseudo-perplexity); a line counts as done once its last item is scored.
 */
export async function scoreItems(items: readonly ScoreItem[], linesTotal: number, runModel: RunModel, padId: number, vocabSize: number, options: RunOptions = {}): Promise<ScoredRun> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw badOption('batchSize', 'a positive integer', batchSize);
  const now = options.now ?? (() => performance.now());
  const acc = newAccumulator(linesTotal);
  const tokensOf = (from: number, to: number) => items.slice(from, to).reduce((n, it) => n + it.attended, 0);
  const totalTokens = tokensOf(0, items.length);
  const start = now();
  let tokensDone = 0;
  for (let from = 0; from < items.length; from += batchSize) {
    const linesDone = items[from]!.line;
    if (options.signal) {
      // A macrotask turn lets a worker's message handler run and call abort() between batches
      // (awaiting the model alone may resolve without one).
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (options.signal.aborted) {
        throw new EvalCancelledError<CancelledScores>({ linesDone, linesTotal, scores: toLineScores(acc, linesDone) });
      }
    }
    const batch = items.slice(from, from + batchSize);
    const inputs = buildInputs(batch, padId);
    const logits = await runModel(inputs);
    checkLogits(logits, inputs, vocabSize);
    accumulate(logits, batch, acc);
    tokensDone += tokensOf(from, from + batch.length);
    if (options.onProgress) {
      const seconds = Math.max((now() - start) / 1000, 1e-9);
      const rate = tokensDone / seconds;
      const next = items[from + batchSize];
      options.onProgress({ linesDone: next ? next.line : linesTotal, linesTotal, tokensPerSecond: rate, etaSeconds: (totalTokens - tokensDone) / rate });
    }
  }
  return { scores: toLineScores(acc), seconds: (now() - start) / 1000 };
}
