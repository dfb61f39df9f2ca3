import { describe, expect, it } from 'vitest';
import { seriesFromEvalRows } from '../../../src/features/charts/from-eval-store.ts';
import type { EvalRow } from '../../../src/state/eval-store.ts';

function row(variant: string, device: string, finishedAt: string, perplexity: number, protocol = 'masked-lm', medianMs?: number): EvalRow {
  return {
    variant, device, finishedAt, protocol,
    metrics: { perplexity, ci95: [perplexity - 1, perplexity + 2] },
    ...(medianMs === undefined ? {} : { latency: { batchMs: { median: medianMs, p90: medianMs * 1.5 } } }),
  } as unknown as EvalRow;
}

describe('evaluation results → chart series', () => {
  it('takes the latest masked-LM run per variant, and latency per device', () => {
    const { perplexities, latencies } = seriesFromEvalRows([
      row('nf4', 'wasm', '2026-12-04T10:00:00Z', 30, 'masked-lm', 12),
      row('nf4', 'webgpu', '2026-12-04T11:00:00Z', 31, 'masked-lm', 40),
      row('nf4', 'wasm', '2026-12-04T12:00:00Z', 99, 'classic'),
      row('fp32', 'wasm', '2026-12-04T09:00:00Z', 28),
    ]);
    expect(perplexities['nf4']).toEqual({ value: 31, low: 30, high: 33 });
    expect(perplexities['fp32']).toEqual({ value: 28, low: 27, high: 30 });
    expect(latencies['nf4']).toEqual({ wasm: { medianMs: 12, p90Ms: 18 }, webgpu: { medianMs: 40, p90Ms: 60 } });
    expect(latencies['fp32']).toBeUndefined();
  });

  it('carries the paired ratio to fp32 with its interval, or its range when the rounds were too few', () => {
    const timed = (paired: object) => ({ ...row('int8', 'wasm', '2026-12-04T10:00:00Z', 30), latency: { batchMs: { median: 10, p90: 11 }, paired } }) as unknown as EvalRow;
    const nine = seriesFromEvalRows([timed({ ratio: 0.86, ci95: [0.83, 0.92], range: [0.8, 0.95], verdict: 'faster' })]);
    expect(nine.latencies['int8']!.wasm).toEqual({ medianMs: 10, p90Ms: 11, vsFp32: { value: 0.86, low: 0.83, high: 0.92, verdict: 'faster' } });
    const three = seriesFromEvalRows([timed({ ratio: 1.01, range: [0.97, 1.06], verdict: 'too few rounds' })]);
    expect(three.latencies['int8']!.wasm!.vsFp32).toEqual({ value: 1.01, low: 0.97, high: 1.06, verdict: 'too few rounds' });
  });
});
