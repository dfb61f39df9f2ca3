// The sound protocols: masked-LM perplexity on the fixed mask plan, and pseudo-perplexity
// (every maskable token masked in turn, one copy of the line per token) on a subset of lines.
import { summarize, type BootstrapOptions, type MlmMetrics } from './bootstrap.ts';
import type { RunModel, ScoreItem } from './batch.ts';
import { badOption } from './errors.ts';
import { scoreItems, type LineScores, type RunOptions } from './engine.ts';
import type { EvalSettings, PrepareStats, PreparedEval, PreparedLine } from './prepare.ts';
import { maskablePositions } from './tokenizer.ts';

export type EvalOptions = RunOptions & BootstrapOptions;

export interface MlmRun {
  protocol: 'masked-lm' | 'pseudo-perplexity';
  metrics: MlmMetrics;
  /** Per line of the prepared set, for paired comparisons (pairedDifference). */
  scores: LineScores;
  settings: EvalSettings;
  stats: PrepareStats;
  /** Wall time of the scoring loop; see latency.ts for a proper timing of the model. */
  seconds: number;
}

export const DEFAULT_PSEUDO_LINES = 20;

function masked(index: number, line: PreparedLine, positions: readonly number[], maskId: number): ScoreItem {
  const input = line.ids.slice();
  for (const p of positions) input[p] = maskId;
  return { line: index, input, attended: input.length, positions, targets: positions.map((p) => line.ids[p]!) };
}

function bootstrapOf(prepared: PreparedEval, options: BootstrapOptions): BootstrapOptions {
  return { resamples: options.resamples, seed: options.seed ?? prepared.settings.seed };
}

/** Standard protocol: each line once, its planned positions replaced by [MASK] (100 %). */
export function maskedLmItems(prepared: PreparedEval): ScoreItem[] {
  return prepared.lines.map((line, index) => masked(index, line, line.mask, prepared.tokenizer.maskId));
}

export async function evaluateMaskedLm(prepared: PreparedEval, runModel: RunModel, options: EvalOptions = {}): Promise<MlmRun> {
  const { padId, vocabSize } = prepared.tokenizer;
  const run = await scoreItems(maskedLmItems(prepared), prepared.lines.length, runModel, padId, vocabSize, options);
  return {
    protocol: 'masked-lm', metrics: summarize(run.scores, bootstrapOf(prepared, options)),
    scores: run.scores, settings: prepared.settings, stats: prepared.stats, seconds: run.seconds,
  };
}

/**
 * Pseudo-perplexity (Salazar et al. 2020): for the first `lines` prepared lines, one copy per
 * maskable token with only that token masked. n tokens cost n rows, hence the subset.
 */
export async function evaluatePseudoPerplexity(prepared: PreparedEval, runModel: RunModel, options: EvalOptions & { lines?: number } = {}): Promise<MlmRun> {
  const count = options.lines ?? DEFAULT_PSEUDO_LINES;
  if (!Number.isInteger(count) || count < 1) throw badOption('lines', 'a positive integer', count);
  const subset = prepared.lines.slice(0, count);
  const { padId, vocabSize, maskId, specialIds } = prepared.tokenizer;
  const items = subset.flatMap((line, index) =>
    maskablePositions(line.ids, specialIds).map((p) => masked(index, line, [p], maskId)));
  const run = await scoreItems(items, subset.length, runModel, padId, vocabSize, options);
  return {
    protocol: 'pseudo-perplexity', metrics: summarize(run.scores, bootstrapOf(prepared, options)),
    scores: run.scores, settings: prepared.settings, stats: prepared.stats, seconds: run.seconds,
  };
}
