// SQNR of every quantized Linear, one line per variant: where in the network a format hurts.
// Unchanged layers (SQNR = ∞) leave a gap rather than an off-scale point.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { seriesColor } from '../../ui/palette.ts';
import { ChartFrame } from './ChartFrame.tsx';
import { formatDb } from './format.ts';
import type { VariantChartData } from './types.ts';
import { useATaskLater } from './use-a-task-later.ts';

export function layerRows(variants: readonly VariantChartData[]): { layer: string; values: (number | null)[] }[] {
  const layers: string[] = [];
  for (const v of variants) for (const l of v.layers ?? []) if (!layers.includes(l.layer)) layers.push(l.layer);
  return layers.map((layer) => ({
    layer,
    values: variants.map((v) => {
      const db = v.layers?.find((l) => l.layer === layer)?.sqnrDb;
      return db === undefined || !Number.isFinite(db) ? null : formatDb(db);
    }),
  }));
}

export function LayerErrorChart({ variants }: { readonly variants: readonly VariantChartData[] }) {
  const drawn = variants.map((v, i) => ({ v, color: seriesColor(i) })).filter(({ v }) => v.layers?.some((l) => Number.isFinite(l.sqnrDb)));
  const rows = layerRows(drawn.map(({ v }) => v));
  // The lines and the tooltip come a commit after the axes (use-a-task-later.ts).
  const withSeries = useATaskLater(drawn.length > 0);
  const data = rows.map((r) => Object.fromEntries([['layer', r.layer], ...drawn.map(({ v }, i) => [v.id, r.values[i]])]));
  return (
    <ChartFrame id="layer-error" title="Per-layer error (SQNR)"
      summary={`Line chart of SQNR in dB for ${rows.length} Linear layers, one line per variant (${drawn.map(({ v }) => v.label).join(', ')}); higher is better.`}
      legend={drawn.map(({ v, color }) => ({ label: v.label, color, shape: 'line' as const }))}
      tables={[{
        key: 'layer-error', columns: ['layer', ...drawn.map(({ v }) => `${v.label} (dB)`)],
        rows: rows.map((r) => [r.layer, ...r.values]),
        note: 'SQNR = 10·log10(Σw² / Σ(w − ŵ)²); higher is better; — = layer left unchanged.',
      }]}
      empty={drawn.length ? undefined : 'No quantized layers yet: build a 4- or 8-bit variant.'}>
      <ResponsiveContainer width="100%" height={320}>
        <LineChart data={data} margin={{ top: 16, right: 20, bottom: 8, left: 12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9d4c7" />
          <XAxis dataKey="layer" interval={0} angle={-35} textAnchor="end" height={78} tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 12 }} width={64} domain={['auto', 'auto']} interval={0}
            label={{ value: 'SQNR (dB, higher is better)', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />
          {withSeries && <Tooltip />}
          {withSeries && drawn.map(({ v, color }) => (
            <Line key={v.id} dataKey={v.id} name={v.label} stroke={color} strokeWidth={2} dot={{ r: 3, fill: color }}
              isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
