// Size against perplexity, one point per variant, with the Pareto front joined: the variants
// worth choosing (nothing else is both smaller and better).
import { CartesianGrid, Cell, ErrorBar, LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { paretoFront } from '../../core/charts/pareto.ts';
import { seriesColor } from '../../ui/palette.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { footprintBytes, variantLegend } from './FootprintChart.tsx';
import { CONVENTION_LABELS, formatMb, formatPpl } from './format.ts';
import type { FootprintConvention, VariantChartData } from './types.ts';
import { useATaskLater } from './use-a-task-later.ts';

export interface ParetoChartProps {
  readonly variants: readonly VariantChartData[];
  /** Which size the x axis uses: the footprint chart's choice, so the two agree. */
  readonly convention: FootprintConvention;
}

const FRONT_COLOR = '#4a5565';

export function ParetoChart({ variants, convention }: ParetoChartProps) {
  const points = variants.flatMap((v, i) => {
    const bytes = footprintBytes(v, convention);
    if (bytes === null || !v.perplexity) return [];
    const p = v.perplexity;
    return [{ label: v.label, color: seriesColor(i), x: formatMb(bytes), y: formatPpl(p.value), error: [p.value - p.low, p.high - p.value] }];
  });
  // The series and the tooltip come a commit after the axes (use-a-task-later.ts).
  const withSeries = useATaskLater(points.length > 0);
  const front = paretoFront(points);
  const onFront = new Set(front.map((p) => p.label));
  const name = CONVENTION_LABELS[convention];
  return (
    <ChartFrame id="pareto" title={`Size vs perplexity (${name})`}
      summary={`Scatter of size in MB (${name}) against perplexity for ${points.length} variants; the Pareto front joins ${front.map((p) => p.label).join(', ')}.`}
      legend={[...variantLegend(variants.filter((v) => points.some((p) => p.label === v.label))), { label: 'Pareto front', color: FRONT_COLOR, shape: 'line' }]}
      tables={[{
        key: 'pareto', columns: ['variant', 'size (MB)', 'perplexity', 'on the Pareto front'],
        rows: points.map((p) => [p.label, p.x, p.y, onFront.has(p.label) ? 'yes' : 'no']),
        note: 'A variant is on the front when no other variant is both smaller and lower in perplexity.',
      }]}
      empty={points.length ? undefined : 'Needs sizes and perplexities: run the evaluation.'}>
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ top: 16, right: 24, bottom: 24, left: 12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9d4c7" />
          <XAxis type="number" dataKey="x" name="size" unit=" MB" tick={{ fontSize: 12 }} domain={[0, 'auto']} interval={0}
            label={{ value: `size (MB, ${name})`, position: 'insideBottom', offset: -14 }} />
          <YAxis type="number" dataKey="y" name="perplexity" tick={{ fontSize: 12 }} width={64} domain={['auto', 'auto']} interval={0}
            label={{ value: 'perplexity (lower is better)', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />
          {withSeries && (
            <>
              <Tooltip cursor={{ strokeDasharray: '3 3' }} />
              <Scatter className="pareto-front" data={front} line={{ stroke: FRONT_COLOR, strokeWidth: 1.5, strokeDasharray: '5 4' }}
                shape={() => <g />} isAnimationActive={false} legendType="none" />
              <Scatter className="pareto-points" data={points} isAnimationActive={false}>
                {points.map((p) => <Cell key={p.label} fill={p.color} />)}
                <ErrorBar dataKey="error" direction="y" width={6} stroke="#1b2430" strokeWidth={1} />
                <LabelList dataKey="label" position="right" offset={8} fontSize={11} fill="#1b2430" />
              </Scatter>
            </>
          )}
        </ScatterChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
