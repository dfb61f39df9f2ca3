// An SVG number line: one row of ticks per series of representable values, with the input
// marked. Pure presentation: values in, picture out.

export interface NumberLineSeries {
  label: string;
  values: readonly number[];
  color: string;
}

export interface NumberLineProps {
  series: readonly NumberLineSeries[];
  min: number;
  max: number;
  marker: number | null;
  title: string;
}

const WIDTH = 1000;
const ROW = 34;
const LEFT = 70;
const RIGHT = 20;

export function NumberLine({ series, min, max, marker, title }: NumberLineProps) {
  const height = series.length * ROW + 30;
  const span = max - min || 1;
  const x = (v: number) => LEFT + ((v - min) / span) * (WIDTH - LEFT - RIGHT);
  const clampedMarker = marker === null || !Number.isFinite(marker) ? null : Math.min(max, Math.max(min, marker));
  return (
    <svg className="numberline" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {series.map((s, row) => {
        const y = 18 + row * ROW;
        return (
          <g key={s.label}>
            <text x={0} y={y + 4}>{s.label}</text>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y} y2={y} stroke="#c9c2b2" />
            {s.values.map((v, i) => (
              <line key={i} x1={x(v)} x2={x(v)} y1={y - 9} y2={y + 9} stroke={s.color} strokeWidth={2.2} />
            ))}
          </g>
        );
      })}
      {[min, (min + max) / 2, max].map((v) => (
        <text key={v} x={x(v)} y={height - 4} textAnchor="middle">{formatTick(v)}</text>
      ))}
      {clampedMarker !== null ? (
        <g>
          <line x1={x(clampedMarker)} x2={x(clampedMarker)} y1={4} y2={height - 18} stroke="#1b2430" strokeDasharray="4 3" strokeWidth={1.5} />
          <text x={x(clampedMarker)} y={10} textAnchor="middle" style={{ fill: '#1b2430', fontWeight: 700 }}>input</text>
        </g>
      ) : null}
    </svg>
  );
}

function formatTick(v: number): string {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : String(Number(v.toFixed(3)));
}
