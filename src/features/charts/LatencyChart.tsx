// Latency per variant on one execution provider: the median as a bar, a whisker up to p90.
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

export function LatencyChart({ variants, ep, onEpChange }: LatencyChartProps) {
  const stats = variants.map((v) => v.latency?.[ep]);
  const data = variants.map((v, i) => {
    const s = stats[i];
    return {
      label: v.label, color: seriesColor(i), value: s ? formatMs(s.medianMs) : null, stale: v.stale,
      error: s?.p90Ms !== undefined ? [0, s.p90Ms - s.medianMs] as const : undefined,
    };
  });
  const described = data.map((d) => `${d.label} ${d.value ?? 'not measured'}`).join(', ');
  return (
    <ChartFrame id="latency" title={`Latency on ${EP_LABELS[ep]}`}
      summary={`Bar chart of median latency per variant on ${EP_LABELS[ep]} in milliseconds, whiskers to the 90th percentile: ${described}.`}
      legend={variantLegend(variants)}
      tables={[{
        key: 'latency', columns: ['variant', `median (ms)`, 'p90 (ms)'],
        rows: variants.map((v, i) => [v.label, stats[i] ? formatMs(stats[i].medianMs) : null, stats[i]?.p90Ms !== undefined ? formatMs(stats[i].p90Ms) : null]),
        note: `onnxruntime-web on ${EP_LABELS[ep]}, one batch per run, warm session.`,
      }]}
      empty={stats.some(Boolean) ? undefined : `No ${EP_LABELS[ep]} runs yet.`}
      controls={
        <span role="radiogroup" aria-label="Execution provider" className="chart-tools">
          {(Object.keys(EP_LABELS) as LatencyEp[]).map((e) => (
            <button key={e} type="button" role="radio" aria-checked={e === ep} aria-pressed={e === ep} className="btn chart-btn" onClick={() => onEpChange(e)}>{EP_LABELS[e]}</button>
          ))}
        </span>
      }>
      <VariantValueChart data={data} mark="bar" yTitle="median latency (ms)" />
    </ChartFrame>
  );
}
