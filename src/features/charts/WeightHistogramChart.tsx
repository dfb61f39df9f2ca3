// A layer's weight distribution with the 16 levels of INT4, FP4 and NF4 drawn above it, scaled
// as the formats scale them: NF4's levels crowd where the weights are, INT4's are evenly spread.
// For a loaded model (histogram computed in the compression worker) each format's levels are
// drawn at the MEDIAN absmax of that format's blocks in this layer (64 weights for FP4/NF4, 32
// for INT4): the grid a typical block gets; a block with a larger absmax stretches it, up to
// the layer's absmax. For a plain sample (demo data) they are drawn at the sample's absmax.
import type { ReactNode } from 'react';
import { CartesianGrid, ComposedChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis, useXAxisScale, useYAxisScale } from 'recharts';
import { histogramOf } from '../../core/charts/histogram.ts';
import { representableValues } from '../../core/formats/index.ts';
import { seriesColor } from '../../ui/palette.ts';
import { ChartFrame } from './ChartFrame.tsx';
import type { WeightSample } from './types.ts';
import { useATaskLater } from './use-a-task-later.ts';
import type { WeightHistogramData } from '../../workers/weight-histogram.ts';

export interface WeightHistogramChartProps {
  /** Raw weights (demo data): binned here, levels at their absmax. */
  readonly sample?: WeightSample;
  /** A histogram computed in the worker, with each format's per-block absmax. */
  readonly data?: WeightHistogramData;
  readonly bins?: number;
  /** Toggles beside the title (the layer picker). */
  readonly controls?: ReactNode;
}

const FORMATS = [{ id: 'int4', label: 'INT4' }, { id: 'fp4', label: 'FP4' }, { id: 'nf4', label: 'NF4' }] as const;
const BAR_COLOR = '#9aa5b4';
const formatWeight = (x: number) => Number(x.toPrecision(4));

export function absmaxOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Math.abs(values[i]!) > m) m = Math.abs(values[i]!);
  return m;
}

type FormatId = (typeof FORMATS)[number]['id'];

/** The values each format emits at its scale (patterns the quantizer never produces left out). */
export function formatLevels(scale: number | Readonly<Record<FormatId, number>>) {
  return FORMATS.map((f, i) => {
    const at = typeof scale === 'number' ? scale : scale[f.id];
    return {
      ...f, color: seriesColor(i), row: FORMATS.length - i, scale: at,
      values: representableValues(f.id, at).values.filter((v) => v.produced).map((v) => v.value),
    };
  });
}

export function WeightHistogramChart({ sample, data, bins = 48, controls }: WeightHistogramChartProps) {
  const absmax = (data ? data.absmax : absmaxOf(sample?.values ?? [])) || 1;
  const histogram = data ?? histogramOf(sample?.values ?? [], bins, { min: -absmax, max: absmax });
  const layer = data?.layer ?? sample?.layer ?? '';
  const scales = data
    ? { int4: data.blockScales.int4.medianAbsmax, fp4: data.blockScales.fp4.medianAbsmax, nf4: data.blockScales.nf4.medianAbsmax }
    : absmax;
  const scaleText = data
    ? `each format's levels at the median absmax of its blocks (${FORMATS.map((f) => `${f.label}: ${data.blockScales[f.id].blockSize}-weight blocks, median ${formatWeight(data.blockScales[f.id].medianAbsmax)}, largest ${formatWeight(data.blockScales[f.id].maxAbsmax)}`).join('; ')})`
    : `the representable values at the sample's absmax ${formatWeight(absmax)}`;
  // Bins are drawn as rectangles between their exact edges: recharts' <Bar> on a numeric axis
  // has no band width to size bars with. Empty bins draw nothing.
  const bins_ = histogram.counts.map((count, i) => ({ from: histogram.edges[i]!, to: histogram.edges[i + 1]!, count })).filter((b) => b.count > 0);
  const limit = Number((absmax * 1.05).toPrecision(2));
  const ticks = [-limit, -limit / 2, 0, limit / 2, limit];
  const levels = formatLevels(scales);
  const peak = Math.max(1, ...histogram.counts);
  // The series (bin centres, 46 level markers) and the tooltip come a commit after the axes
  // and bins (use-a-task-later.ts).
  const withSeries = useATaskLater();
  return (
    <ChartFrame id="weight-histogram" title={`Weights of ${layer}`} controls={controls}
      summary={`Histogram of ${histogram.total} weights of ${layer} in ${histogram.counts.length} bins between −${formatWeight(absmax)} and ${formatWeight(absmax)}, `
        + `with the representable values of ${levels.map((l) => `${l.label} (${l.values.length})`).join(', ')} marked above it: ${scaleText}.`}
      legend={[{ label: 'weights', color: BAR_COLOR }, ...levels.map((l) => ({ label: `${l.label} levels`, color: l.color }))]}
      tables={[
        { key: 'levels', title: data ? 'Representable values at the median per-block absmax' : `Representable values at absmax ${formatWeight(absmax)}`,
          columns: data ? ['format', 'values', 'block size', 'median block absmax', 'largest block absmax'] : ['format', 'values'],
          rows: levels.map((l) => [l.label, l.values.map(formatWeight).join(', '),
            ...(data ? [data.blockScales[l.id].blockSize, formatWeight(data.blockScales[l.id].medianAbsmax), formatWeight(data.blockScales[l.id].maxAbsmax)] : [])]) },
        { key: 'histogram', title: 'Histogram', columns: ['from', 'to', 'count'],
          rows: histogram.counts.map((c, i) => [formatWeight(histogram.edges[i]!), formatWeight(histogram.edges[i + 1]!), c]) },
      ]}>
      <ResponsiveContainer width="100%" height={320}>
        <ComposedChart margin={{ top: 12, right: 20, bottom: 24, left: 12 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d9d4c7" />
          <XAxis type="number" dataKey="x" domain={[-limit, limit]} ticks={ticks} interval={0} tick={{ fontSize: 12 }}
            tickFormatter={(x: number) => String(formatWeight(x))}
            label={{ value: 'weight value', position: 'insideBottom', offset: -14 }} />
          <YAxis yAxisId="count" tick={{ fontSize: 12 }} width={64} interval={0} domain={[0, Math.ceil(peak * 1.45)]} allowDecimals={false}
            label={{ value: 'weights per bin (count)', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />
          {/* The format rows live on a hidden axis above the tallest bar. */}
          <YAxis yAxisId="levels" hide domain={[-8, FORMATS.length + 0.6]} />
          <HistogramBins bins={bins_} />
          {withSeries && <Tooltip />}
          {/* Invisible bin centres: they give the count axis its series (an axis without one
              draws no ticks) and the tooltip something to report. */}
          {withSeries && <Scatter yAxisId="count" name="weights" data={bins_.map((b) => ({ x: (b.from + b.to) / 2, count: b.count }))} dataKey="count"
            shape={() => <g />} isAnimationActive={false} className="histogram-centres" />}
          {withSeries && levels.map((l) => (
            <Scatter key={l.id} yAxisId="levels" name={`${l.label} levels`} data={l.values.map((x) => ({ x, row: l.row }))} dataKey="row"
              fill={l.color} isAnimationActive={false} className={`levels-${l.id}`}
              shape={(p: { cx?: number; cy?: number }) => <rect x={(p.cx ?? 0) - 1.5} y={(p.cy ?? 0) - 7} width={3} height={14} fill={l.color} />} />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

interface Bin { readonly from: number; readonly to: number; readonly count: number }

/**
 * The bins as plain rectangles placed with the chart's axis scales. Not one <ReferenceArea>
 * per bin: each of those adds itself to recharts' store from an effect, and 48 store updates,
 * each recomputing the chart's selectors, made drawing this chart a 190 ms main-thread task.
 */
function HistogramBins({ bins }: { readonly bins: readonly Bin[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale('count');
  if (!x || !y) return null;
  const base = y(0);
  return (
    <g className="histogram-bins">
      {bins.map((b) => {
        const left = x(b.from), right = x(b.to), top = y(b.count);
        if (left === undefined || right === undefined || top === undefined || base === undefined) return null;
        return <rect key={b.from} className="histogram-bin" x={left} y={top} width={right - left} height={base - top} fill={BAR_COLOR} stroke="#ffffff" strokeWidth={0.5} />;
      })}
    </g>
  );
}
