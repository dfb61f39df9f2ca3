import { useMemo } from 'react';
import { representableValues } from '../../core/formats/index.ts';
import { NumberLine } from '../../ui/NumberLine.tsx';

const SERIES = [
  { format: 'int4', label: 'INT4', color: '#cc79a7' },
  { format: 'fp4', label: 'FP4', color: '#e69f00' },
  { format: 'nf4', label: 'NF4', color: '#0072b2' },
] as const;

export function FormatNumberLine({ absmax, value }: { absmax: number; value: number }) {
  const series = useMemo(
    () => SERIES.map((s) => ({ label: s.label, color: s.color, values: representableValues(s.format, absmax).values.filter((v) => v.produced).map((v) => v.value) })),
    [absmax],
  );
  const edge = absmax * 1.05;
  return (
    <NumberLine
      series={series}
      min={-edge}
      max={edge}
      marker={value}
      title={`Representable values of INT4, FP4 and NF4 for absmax ${absmax}, with the input ${value} marked`}
    />
  );
}
