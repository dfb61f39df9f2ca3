// Point estimates and 95 % bootstrap intervals over lines. Lines, not tokens, are resampled:
// tokens of one paragraph are not independent, lines roughly are. The statistic is always the
// token-weighted one (Σ NLL / Σ masked tokens of the resampled lines), matching the point
// estimate, and the interval is the 2.5th–97.5th percentile of B resamples.
import { mulberry32 } from '../random.ts';
import { EvalError, badOption } from './errors.ts';
import type { LineScores } from './engine.ts';

export const DEFAULT_RESAMPLES = 1000;

export interface BootstrapOptions {
  /** Number of resamples B (default 1000); 0 skips the interval. */
  resamples?: number;
  seed?: number;
}

export type Interval = [low: number, high: number];

export interface MlmMetrics {
  /** Mean NLL per masked token (nats). */
  loss: number;
  perplexity: number;
  /** Top-1 hits / masked tokens. */
  accuracy: number;
  maskedTokens: number;
  lines: number;
  /** 95 % percentile-bootstrap interval of the perplexity. */
  ci95: Interval;
  resamples: number;
}

export interface PairedDifference {
  lines: number;
  /** variant − baseline, in nats per token. */
  deltaLoss: number;
  deltaPerplexity: number;
  /** perplexity_variant / perplexity_baseline = exp(deltaLoss). */
  perplexityRatio: number;
  ci95Loss: Interval;
  ci95Perplexity: Interval;
  ci95Ratio: Interval;
  resamples: number;
}

export function summarize(scores: LineScores, options: BootstrapOptions = {}): MlmMetrics {
  const n = scores.nll.length;
  const nll = sum(scores.nll);
  const count = sum(scores.count);
  if (count === 0) throw new EvalError('empty-dataset', { expected: 'at least one scored token', found: `${n} lines with none`, fix: 'Evaluate on a data set with text.' });
  const loss = nll / count;
  const resamples = resampleCount(options);
  const perplexities = new Float64Array(resamples);
  eachResample(n, resamples, options.seed ?? 0, (pick) => {
    let a = 0;
    let c = 0;
    for (const i of pick) {
      a += scores.nll[i]!;
      c += scores.count[i]!;
    }
    return a / c;
  }, (b, value) => { perplexities[b] = Math.exp(value); });
  return {
    loss, perplexity: Math.exp(loss), accuracy: sum(scores.correct) / count, maskedTokens: count, lines: n,
    ci95: percentileInterval(perplexities), resamples,
  };
}

/** variant − baseline on the same lines and masks, with the same resampled lines for both. */
export function pairedDifference(variant: LineScores, baseline: LineScores, options: BootstrapOptions = {}): PairedDifference {
  const n = baseline.nll.length;
  if (variant.nll.length !== n || variant.count.some((c, i) => c !== baseline.count[i])) {
    throw new EvalError('not-paired', {
      expected: 'two runs over the same lines with the same masked positions',
      found: `${variant.nll.length} vs ${n} lines${variant.nll.length === n ? ' with different masked-token counts' : ''}`,
      fix: 'Score both variants from the same prepared data set (same text, tokenizer, seed and maximum length).',
    });
  }
  const count = sum(baseline.count);
  const lossV = sum(variant.nll) / count;
  const lossB = sum(baseline.nll) / count;
  const resamples = resampleCount(options);
  const dLoss = new Float64Array(resamples);
  const dPpl = new Float64Array(resamples);
  eachResample(n, resamples, options.seed ?? 0, (pick) => {
    let v = 0;
    let b = 0;
    let c = 0;
    for (const i of pick) {
      v += variant.nll[i]!;
      b += baseline.nll[i]!;
      c += baseline.count[i]!;
    }
    return [v / c, b / c] as const;
  }, (r, [lv, lb]) => {
    dLoss[r] = lv - lb;
    dPpl[r] = Math.exp(lv) - Math.exp(lb);
  });
  const ci95Loss = percentileInterval(dLoss);
  return {
    lines: n, deltaLoss: lossV - lossB, deltaPerplexity: Math.exp(lossV) - Math.exp(lossB), perplexityRatio: Math.exp(lossV - lossB),
    ci95Loss, ci95Perplexity: percentileInterval(dPpl), ci95Ratio: [Math.exp(ci95Loss[0]), Math.exp(ci95Loss[1])], resamples,
  };
}

function eachResample<T>(n: number, resamples: number, seed: number, statistic: (pick: Uint32Array) => T, record: (b: number, value: T) => void): void {
  const rng = mulberry32(seed);
  const pick = new Uint32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) pick[i] = Math.floor(rng() * n);
    record(b, statistic(pick));
  }
}

function resampleCount(options: BootstrapOptions): number {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 0) throw badOption('resamples', 'a non-negative integer', resamples);
  return resamples;
}

/** [q2.5, q97.5] with linear interpolation between order statistics (numpy's default). */
export function percentileInterval(values: Float64Array): Interval {
  if (values.length === 0) return [NaN, NaN];
  const sorted = Float64Array.from(values).sort();
  return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
}

export function quantile(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
