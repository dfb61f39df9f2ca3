// Memory footprint per variant in one of three conventions (src/core/footprint/types.ts).
import type { LegendEntry } from '../../core/charts/svg-text.ts';
import { seriesColor } from '../../ui/palette.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { CONVENTION_LABELS, formatMb } from './format.ts';
import type { FootprintConvention, VariantChartData } from './types.ts';
import { VariantValueChart } from './VariantValueChart.tsx';

export interface FootprintChartProps {
  readonly variants: readonly VariantChartData[];
  readonly convention: FootprintConvention;
  readonly onConventionChange: (convention: FootprintConvention) => void;
}

export function footprintBytes(v: VariantChartData, convention: FootprintConvention): number | null {
  const f = v.footprint;
  return convention === 'transformers' ? f.transformersBytes : convention === 'true' ? f.trueBytes : f.onnxFileBytes ?? null;
}

export function variantLegend(variants: readonly VariantChartData[]): LegendEntry[] {
  return variants.map((v, i) => ({ label: v.label, color: seriesColor(i) }));
}

export function FootprintChart({ variants, convention, onConventionChange }: FootprintChartProps) {
  const data = variants.map((v, i) => {
    const bytes = footprintBytes(v, convention);
    return { label: v.label, color: seriesColor(i), value: bytes === null ? null : formatMb(bytes), stale: v.stale };
  });
  const name = CONVENTION_LABELS[convention];
  const described = data.map((d) => `${d.label} ${d.value ?? 'not measured'}`).join(', ');
  return (
    <ChartFrame id="footprint" title={`Memory footprint (${name})`}
      summary={`Bar chart of each variant's size in MB, ${name}: ${described}.`}
      legend={variantLegend(variants)}
      tables={[{ key: 'footprint', columns: ['variant', `${name} (MB)`], rows: data.map((d) => [d.label, d.value]), note: 'MB = 10⁶ bytes.' }]}
      empty={variants.length ? undefined : 'No variants yet: build one above.'}
      controls={
        <select aria-label="Size convention" value={convention} onChange={(e) => onConventionChange(e.target.value as FootprintConvention)}>
          {(Object.keys(CONVENTION_LABELS) as FootprintConvention[]).map((c) => <option key={c} value={c}>{CONVENTION_LABELS[c]}</option>)}
        </select>
      }>
      <VariantValueChart data={data} mark="bar" yTitle="size (MB)" />
    </ChartFrame>
  );
}
