// Bar chart of the size comparison (recharts; loaded lazily so the first paint stays small).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SizeRow } from './size-rows.ts';

// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
const TRANSFORMERS_COLOR = '#0072b2';
const TRUE_COLOR = '#e69f00';

export default function SizesChart({ rows }: { rows: readonly SizeRow[] }) {
  const data = rows.map((r) => ({
    label: r.label,
    transformers: Number((r.transformersBytes / 1e6).toFixed(2)),
    true: Number((r.trueBytes / 1e6).toFixed(2)),
  }));
  return (
    <div className="chart" role="img" aria-label="Model size per variant in MB: transformers convention and true bytes">
      <ResponsiveContainer width="100%" height={320}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 64, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" angle={-30} textAnchor="end" interval={0} height={70} tick={{ fontSize: 12 }} />
          <YAxis unit=" MB" tick={{ fontSize: 12 }} width={70} />
          <Tooltip formatter={(v) => `${v} MB`} />
          <Legend verticalAlign="top" />
          <Bar dataKey="transformers" name="get_memory_footprint()" fill={TRANSFORMERS_COLOR} isAnimationActive={false} />
          <Bar dataKey="true" name="true bytes (scales included)" fill={TRUE_COLOR} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
