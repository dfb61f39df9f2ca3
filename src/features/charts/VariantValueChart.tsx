// One value per variant, each in its own colour: bars (sizes, latencies) or points with an
// interval (perplexity, where a bar from zero would hide the differences that matter).
import { Bar, CartesianGrid, Cell, ComposedChart, ErrorBar, LabelList, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { useATaskLater } from './use-a-task-later.ts';

export interface VariantValue {
  readonly label: string;
  readonly color: string;
  /** Null: not measured (no bar, "—" in the table). */
  readonly value: number | null;
  /** Interval around value as [below, above] distances (error bars). */
  readonly error?: readonly [number, number];
  /** Measured before a setting changed: drawn faded (its label says "(stale)"). */
  readonly stale?: boolean;
}

export interface VariantValueChartProps {
  readonly data: readonly VariantValue[];
  readonly mark: 'bar' | 'point';
  /** Y axis title with its unit, e.g. "size (MB)". */
  readonly yTitle: string;
  readonly height?: number;
  /** A horizontal line at this value, kept inside the axis (e.g. 1 for a ratio to fp32). */
  readonly reference?: { readonly y: number; readonly label: string };
}

const AXIS_TICK = { fontSize: 12 };
/** More variants than this and their names are set at an angle so they do not collide. */
const UPRIGHT_LABELS = 6;

export function VariantValueChart({ data, mark, yTitle, height = 300, reference }: VariantValueChartProps) {
  // The series and the tooltip come a commit after the axes (use-a-task-later.ts).
  const withSeries = useATaskLater();
  const rows = data.map((d) => ({ ...d, error: d.error ? [...d.error] : undefined }));
  // Points: a domain around the data (with the intervals) so that differences are visible.
  const lows = [...data.flatMap((d) => (d.value === null ? [] : [d.value - (d.error?.[0] ?? 0)])), ...(reference ? [reference.y] : [])];
  const highs = [...data.flatMap((d) => (d.value === null ? [] : [d.value + (d.error?.[1] ?? 0)])), ...(reference ? [reference.y] : [])];
  const pad = (Math.max(...highs) - Math.min(...lows)) * 0.15 || 1;
  const domain: [number, number] | undefined = mark === 'point' && lows.length
    ? [Math.max(0, Number((Math.min(...lows) - pad).toPrecision(2))), Number((Math.max(...highs) + pad).toPrecision(2))]
    : undefined;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={rows} margin={{ top: 22, right: mark === 'point' ? 56 : 16, bottom: 8, left: 12 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d9d4c7" />
        <XAxis dataKey="label" interval={0} tick={AXIS_TICK} height={data.length > UPRIGHT_LABELS ? 56 : 30}
          angle={data.length > UPRIGHT_LABELS ? -25 : 0} textAnchor={data.length > UPRIGHT_LABELS ? 'end' : 'middle'} />
        {/* interval 0 on the numeric axes here and in the other charts: their five ticks never
            collide, and the default makes recharts measure every tick label (a forced layout of
            the whole page each) to find ones to drop. */}
        <YAxis tick={AXIS_TICK} width={64} domain={domain ?? [0, 'auto']} allowDataOverflow={false} interval={0}
          label={{ value: yTitle, angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' }, offset: 4, dy: 0 }} />
        {withSeries && <Tooltip cursor={{ fill: 'rgba(31,58,95,0.06)' }} />}
        {!withSeries ? null : mark === 'bar' ? (
          <Bar dataKey="value" name={yTitle} isAnimationActive={false} maxBarSize={56}>
            {rows.map((d) => <Cell key={d.label} fill={d.color} fillOpacity={d.stale ? 0.35 : 1} />)}
            <ErrorBar dataKey="error" width={6} stroke="#1b2430" strokeWidth={1.2} />
            <LabelList dataKey="value" position={rows.some((d) => d.error) ? 'center' : 'top'} fontSize={11}
              fill={rows.some((d) => d.error) ? '#ffffff' : '#1b2430'} />
          </Bar>
        ) : (
          // Only measured values: recharts would place a null at 0, far outside a zoomed axis.
          <Scatter data={rows.some((d) => d.value === null) ? rows.filter((d) => d.value !== null) : undefined} dataKey="value" name={yTitle} isAnimationActive={false}>
            {rows.filter((d) => d.value !== null).map((d) => <Cell key={d.label} fill={d.color} fillOpacity={d.stale ? 0.35 : 1} />)}
            <ErrorBar dataKey="error" width={8} stroke="#1b2430" strokeWidth={1.2} direction="y" />
            <LabelList dataKey="value" position="right" offset={10} fontSize={11} fill="#1b2430" />
          </Scatter>
        )}
        {reference && <ReferenceLine y={reference.y} stroke="#7a7466" strokeDasharray="4 3" label={{ value: reference.label, position: 'insideTopLeft', fontSize: 11, fill: '#5c574c' }} />}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
