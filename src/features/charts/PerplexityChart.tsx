// Perplexity per variant with its 95 % interval: points, not bars, because the interesting
// differences (tenths of a point) vanish on an axis that starts at zero.
import { seriesColor } from '../../ui/palette.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { variantLegend } from './FootprintChart.tsx';
import { formatPpl } from './format.ts';
import type { VariantChartData } from './types.ts';
import { VariantValueChart } from './VariantValueChart.tsx';

export function PerplexityChart({ variants }: { readonly variants: readonly VariantChartData[] }) {
  const data = variants.map((v, i) => {
    const p = v.perplexity;
    return {
      label: v.label, color: seriesColor(i), value: p ? formatPpl(p.value) : null, stale: v.stale,
      error: p ? [p.value - p.low, p.high - p.value] as const : undefined,
    };
  });
  const measured = variants.filter((v) => v.perplexity);
  const described = measured.map((v) => `${v.label} ${formatPpl(v.perplexity!.value)} (${formatPpl(v.perplexity!.low)}–${formatPpl(v.perplexity!.high)})`).join(', ');
  return (
    <ChartFrame id="perplexity" title="Perplexity (95 % interval)"
      summary={`Perplexity per variant with 95 % intervals, lower is better: ${described}.`}
      legend={variantLegend(variants)}
      tables={[{
        key: 'perplexity', columns: ['variant', 'perplexity', '95 % low', '95 % high'],
        rows: variants.map((v) => [v.label, ...(v.perplexity ? [formatPpl(v.perplexity.value), formatPpl(v.perplexity.low), formatPpl(v.perplexity.high)] : [null, null, null])]),
        note: 'Lower is better. Intervals are 95 % confidence intervals over the evaluation text.',
      }]}
      empty={measured.length ? undefined : 'No perplexity measured yet: run the evaluation.'}>
      <VariantValueChart data={data} mark="point" yTitle="perplexity (lower is better)" />
    </ChartFrame>
  );
}
