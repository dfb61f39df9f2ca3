// Latency per variant on one execution provider: the median as a bar, a whisker up to p90 — or,
// as "× fp32", the ratio measured in paired rounds against fp32 with its 95 % interval, drawn as
// points (a bar from zero would hide the few percent that matter, and the interval shows which of
// them are noise).
import { useState } from 'react';
import { seriesColor } from '../../ui/palette.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { variantLegend } from './FootprintChart.tsx';
import { EP_LABELS, formatMs } from './format.ts';
import type { LatencyEp, VariantChartData } from './types.ts';
import { VariantValueChart } from './VariantValueChart.tsx';

export interface LatencyChartProps {
  readonly variants: readonly VariantChartData[];
  readonly ep: LatencyEp;
  readonly onEpChange: (ep: LatencyEp) => void;
}

type Scale = 'ms' | 'ratio';
const SCALE_LABELS: Record<Scale, string> = { ms: 'ms', ratio: '× fp32' };
const formatRatio = (x: number) => Number(x.toFixed(3));

export function LatencyChart({ variants, ep, onEpChange }: LatencyChartProps) {
  const [scale, setScale] = useState<Scale>('ms');
  const stats = variants.map((v) => v.latency?.[ep]);
  const data = variants.map((v, i) => {
    const s = stats[i];
    const r = s?.vsFp32;
    if (scale === 'ratio') {
      return { label: v.label, color: seriesColor(i), stale: v.stale, value: r ? formatRatio(r.value) : null, error: r ? [r.value - r.low, r.high - r.value] as const : undefined };
    }
    return {
      label: v.label, color: seriesColor(i), value: s ? formatMs(s.medianMs) : null, stale: v.stale,
      error: s?.p90Ms !== undefined ? [0, s.p90Ms - s.medianMs] as const : undefined,
    };
  });
  const described = data.map((d) => `${d.label} ${d.value ?? 'not measured'}`).join(', ');
  const measured = scale === 'ratio' ? stats.some((s) => s?.vsFp32) : stats.some(Boolean);
  const radios = <T extends string>(label: string, labels: Record<T, string>, current: T, pick: (value: T) => void) => (
    <span role="radiogroup" aria-label={label} className="chart-tools">
      {(Object.keys(labels) as T[]).map((value) => (
        <button key={value} type="button" role="radio" aria-checked={value === current} aria-pressed={value === current} className="btn chart-btn" onClick={() => pick(value)}>{labels[value]}</button>
      ))}
    </span>
  );
  return (
    <ChartFrame id="latency" title={scale === 'ratio' ? `Latency on ${EP_LABELS[ep]}, × fp32` : `Latency on ${EP_LABELS[ep]}`}
      summary={scale === 'ratio'
        ? `Points: latency per variant on ${EP_LABELS[ep]} as a ratio to fp32, median of paired rounds, whiskers to its 95 % interval: ${described}.`
        : `Bar chart of median latency per variant on ${EP_LABELS[ep]} in milliseconds, whiskers to the 90th percentile: ${described}.`}
      legend={variantLegend(variants)}
      tables={[{
        key: 'latency', columns: ['variant', `median (ms)`, 'p90 (ms)', '× fp32 (paired)', '95 % CI low', '95 % CI high', 'verdict'],
        rows: variants.map((v, i) => {
          const s = stats[i];
          const r = s?.vsFp32;
          return [v.label, s ? formatMs(s.medianMs) : null, s?.p90Ms !== undefined ? formatMs(s.p90Ms) : null,
            r ? formatRatio(r.value) : null, r ? formatRatio(r.low) : null, r ? formatRatio(r.high) : null, r?.verdict ?? null];
        }),
        note: `onnxruntime-web on ${EP_LABELS[ep]}, one batch per run, warm session; × fp32 from rounds timing the variant and fp32 back to back.`,
      }]}
      empty={measured ? undefined : scale === 'ratio' ? `No ${EP_LABELS[ep]} evaluation timed in turns with fp32 yet.` : `No ${EP_LABELS[ep]} runs yet.`}
      controls={<>
        {radios('Execution provider', EP_LABELS, ep, onEpChange)}
        {radios('Latency scale', SCALE_LABELS, scale, setScale)}
      </>}>
      <VariantValueChart data={data} mark={scale === 'ratio' ? 'point' : 'bar'} yTitle={scale === 'ratio' ? '× fp32 (paired, 95 % CI)' : 'median latency (ms)'}
        reference={scale === 'ratio' ? { y: 1, label: 'as fast as fp32' } : undefined} />
    </ChartFrame>
  );
}
