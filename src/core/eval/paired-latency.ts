// A variant's speed as a ratio to the baseline (fp32), measured so that a small difference can be
// told from noise (errata §9). Timing one model after the other leaves the ratio at the mercy of
// whatever else the machine did meanwhile (±10 % between runs was seen in the notebook). Here the
// two sessions take turns: each round times the baseline and the variant back to back, on the
// same inputs, the order alternating from round to round, and the round's ratio is
// variant / baseline of the two turns' medians. Load from elsewhere falls on both halves of a
// round alike. The reported ratio is the median of the round ratios, with a distribution-free 95 %
// interval for that median (order statistics, below) and a verdict that only says "slower" or
// "faster" when the whole interval is on one side of 1 AND the median ratio is at least 5 % away
// from 1. The margin comes from A/A comparisons, not from taste: graphs that run exactly what
// another runs read up to 4 % apart in the eval bench on a 2-core machine — nf4-dq, whose
// double-quantized absmax onnxruntime folds to nf4's float32 absmax when the session starts,
// read 1.033× fp32 in the run where nf4 read 0.996×; fp16 (weights folded back to float32) and
// prune-l1:0.2 (fp32's graph) read 1.019× and 1.015×, the latter with an interval excluding 1. Sessions
// differ by a few percent for reasons that have nothing to do with the variant.
import { type ModelInputs, type RunModel } from './batch.ts';
import { quantile } from './bootstrap.ts';
import { EvalCancelledError, badOption } from './errors.ts';
import type { Spread } from './latency.ts';

/**
 * 'within noise': the interval excludes 1 but the ratio is closer to 1 than the margin — a real
 * but small difference, no larger than identical graphs read apart.
 */
export type LatencyVerdict = 'faster' | 'slower' | 'within noise' | 'no detectable difference' | 'too few rounds';

export interface RatioSummary {
  /** Per-round ratios variant / baseline, in round order. */
  ratios: number[];
  /** Median of the round ratios. */
  ratio: number;
  range: [low: number, high: number];
  /** 95 % interval of the median ratio; undefined below 6 rounds (no order-statistic interval reaches 95 %). */
  ci95?: [low: number, high: number];
  /** Exact coverage of ci95 under independent rounds (≥ 0.95). */
  coverage?: number;
  /** Smallest |ratio − 1| that is called a difference. */
  margin: number;
  verdict: LatencyVerdict;
}

/** Identical graphs read up to ~4 % apart (see above): a smaller difference is not named. */
export const LATENCY_MARGIN = 0.05;

/** 9 rounds: the 95 % interval of the median ratio is then the 2nd to the 8th of the 9 ratios. */
export const PAIRED_DEFAULTS = { warmup: 3, rounds: 9, callsPerTurn: 2 } as const;

export interface PairedLatency extends RatioSummary {
  rounds: number;
  callsPerTurn: number;
  warmup: number;
  /** Milliseconds per call over every timed call, variant and baseline. */
  variantMs: Spread;
  baselineMs: Spread;
}

export interface PairedTiming {
  warmup: number;
  variantSamplesMs: number[];
  baselineSamplesMs: number[];
  /** Undefined when no round gave a finite ratio (calls faster than the clock's resolution). */
  paired?: PairedLatency;
}

export interface PairedLatencyOptions {
  /** Discarded calls per session before timing (default 3). */
  warmup?: number;
  /** Default 9: the 95 % interval of the median is then the 2nd to the 8th ratio. */
  rounds?: number;
  /** Timed calls per session and round; the turn's median is used (default 2). */
  callsPerTurn?: number;
  now?: () => number;
  signal?: AbortSignal;
  onRound?: (done: number, total: number) => void;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
function binomialHalfCdf(n: number, k: number): number {
  let term = 0.5 ** n; // P(X = 0)
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term *= (n - i) / (i + 1);
  }
  return sum;
}

/**
 * The order-statistic interval for a median: with n independent values, [x(k), x(n+1−k)] (1-based,
 * sorted) covers the true median with probability 1 − 2·P(Binomial(n, ½) ≤ k − 1). Returns the
 * largest k whose coverage is still ≥ `level`, or undefined when even [min, max] falls short.
 */
export function medianIntervalRank(n: number, level = 0.95): { k: number; coverage: number } | undefined {
  let best: { k: number; coverage: number } | undefined;
  for (let k = 1; k <= Math.floor(n / 2); k++) {
    const coverage = 1 - 2 * binomialHalfCdf(n, k - 1);
    if (coverage < level) break;
    best = { k, coverage };
  }
  return best;
}

export function summarizeRatios(ratios: readonly number[], margin = LATENCY_MARGIN): RatioSummary {
  const finite = ratios.filter(Number.isFinite);
  if (finite.length === 0) throw badOption('ratios', 'at least one finite ratio', ratios.length);
  const sorted = [...finite].sort((a, b) => a - b);
  const rank = medianIntervalRank(sorted.length);
  const ci95 = rank ? ([sorted[rank.k - 1]!, sorted[sorted.length - rank.k]!] as [number, number]) : undefined;
  const ratio = quantile(sorted, 0.5);
  const verdict: LatencyVerdict = !ci95 ? 'too few rounds'
    : ci95[0] > 1 && ratio >= 1 + margin ? 'slower'
    : ci95[1] < 1 && ratio <= 1 - margin ? 'faster'
    : ci95[0] > 1 || ci95[1] < 1 ? 'within noise'
    : 'no detectable difference';
  return { ratios: [...finite], ratio, range: [sorted[0]!, sorted.at(-1)!], ci95, coverage: rank?.coverage, margin, verdict };
}

/** The 95 % interval, or the range when the rounds were too few for one. */
export const intervalOrRange = (s: RatioSummary): [low: number, high: number] => s.ci95 ?? s.range;

const spreadOf = (samples: readonly number[]): Spread => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
};

export async function measurePairedLatency(variant: RunModel, baseline: RunModel, inputs: ModelInputs, options: PairedLatencyOptions = {}): Promise<PairedTiming> {
  // `??`, not a spread of the defaults: an option present but undefined still gets its default.
  const warmup = options.warmup ?? PAIRED_DEFAULTS.warmup;
  const rounds = options.rounds ?? PAIRED_DEFAULTS.rounds;
  const callsPerTurn = options.callsPerTurn ?? PAIRED_DEFAULTS.callsPerTurn;
  if (!Number.isInteger(warmup) || warmup < 0) throw badOption('warmup', 'a non-negative integer', warmup);
  if (!Number.isInteger(rounds) || rounds < 1) throw badOption('rounds', 'a positive integer', rounds);
  if (!Number.isInteger(callsPerTurn) || callsPerTurn < 1) throw badOption('callsPerTurn', 'a positive integer', callsPerTurn);
  const now = options.now ?? (() => performance.now());
  const checkCancel = () => {
    if (options.signal?.aborted) throw new EvalCancelledError({ linesDone: 0, linesTotal: 0 });
  };
  for (let i = 0; i < warmup; i++) {
    checkCancel();
    await baseline(inputs);
    await variant(inputs);
  }
  const turn = async (model: RunModel): Promise<number[]> => {
    const samples: number[] = [];
    for (let i = 0; i < callsPerTurn; i++) {
      checkCancel();
      const start = now();
      await model(inputs);
      samples.push(now() - start);
    }
    return samples;
  };
  const ratios: number[] = [];
  const variantSamples: number[] = [];
  const baselineSamples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate who goes first: a turn right after the other session's may pay for its caches.
    const first = r % 2 === 0 ? baseline : variant;
    const a = await turn(first);
    const b = await turn(first === baseline ? variant : baseline);
    const [v, base] = first === baseline ? [b, a] : [a, b];
    variantSamples.push(...v);
    baselineSamples.push(...base);
    ratios.push(spreadOf(v).median / spreadOf(base).median);
    options.onRound?.(r + 1, rounds);
  }
  const timing = { warmup, variantSamplesMs: variantSamples, baselineSamplesMs: baselineSamples };
  if (!ratios.some(Number.isFinite)) return timing;
  return { ...timing, paired: { ...summarizeRatios(ratios), rounds, callsPerTurn, warmup, variantMs: spreadOf(variantSamples), baselineMs: spreadOf(baselineSamples) } };
}
