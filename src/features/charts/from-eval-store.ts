// Evaluation results (src/state/eval-store.ts) → the perplexity and latency series of the
// comparison charts. Several runs of a variant may exist (data sets, devices): the charts
// show the most recent masked-LM run per variant, and its latency per device.
import type { LatencyResult } from '../../core/eval/latency.ts';
import { intervalOrRange } from '../../core/eval/paired-latency.ts';
import type { EvalRow } from '../../state/eval-store.ts';
import type { Interval, LatencyEp, LatencyStats } from './types.ts';

export interface MeasuredSeries {
  perplexities: Record<string, Interval>;
  latencies: Record<string, Partial<Record<LatencyEp, LatencyStats>>>;
}

export function seriesFromEvalRows(rows: readonly EvalRow[]): MeasuredSeries {
  const latest = [...rows]
    .filter((r) => r.protocol === 'masked-lm')
    .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
  const perplexities: MeasuredSeries['perplexities'] = {};
  const latencies: MeasuredSeries['latencies'] = {};
  for (const row of latest) {
    const [low, high] = row.metrics.ci95;
    perplexities[row.variant] = { value: row.metrics.perplexity, low, high };
    if (row.latency && (row.device === 'webgpu' || row.device === 'wasm')) {
      latencies[row.variant] = { ...latencies[row.variant], [row.device]: latencyStatsOf(row.latency) };
    }
  }
  return { perplexities, latencies };
}

/** A measured latency as the charts draw it: median, p90 and, when timed in turns with fp32, the ratio. */
export function latencyStatsOf(latency: LatencyResult): LatencyStats {
  const stats = { medianMs: latency.batchMs.median, p90Ms: latency.batchMs.p90 };
  const p = latency.paired;
  if (!p) return stats;
  const [low, high] = intervalOrRange(p);
  return { ...stats, vsFp32: { value: p.ratio, low, high, verdict: p.verdict } };
}
