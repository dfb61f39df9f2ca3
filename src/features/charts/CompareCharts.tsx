// Every comparison chart for a set of variants, side by side. Imports recharts, so it is the
// module to load lazily (LazyCompareCharts.tsx); the toggles shared by charts live here.
import { useState } from 'react';
import { FootprintChart } from './FootprintChart.tsx';
import { LatencyChart } from './LatencyChart.tsx';
import { LayerErrorChart } from './LayerErrorChart.tsx';
import { ParetoChart } from './ParetoChart.tsx';
import { PerplexityChart } from './PerplexityChart.tsx';
import type { CompareChartsData, FootprintConvention, LatencyEp } from './types.ts';
import { WeightHistogramChart } from './WeightHistogramChart.tsx';

export interface CompareChartsProps extends CompareChartsData {
  readonly initialConvention?: FootprintConvention;
  readonly initialEp?: LatencyEp;
}

export default function CompareCharts({ variants, weights, initialConvention = 'true', initialEp = 'webgpu' }: CompareChartsProps) {
  const [convention, setConvention] = useState(initialConvention);
  const [ep, setEp] = useState(initialEp);
  return (
    <div className="chart-grid">
      <FootprintChart variants={variants} convention={convention} onConventionChange={setConvention} />
      <PerplexityChart variants={variants} />
      <LatencyChart variants={variants} ep={ep} onEpChange={setEp} />
      <ParetoChart variants={variants} convention={convention} />
      <div className="chart-wide"><LayerErrorChart variants={variants} /></div>
      {weights && <div className="chart-wide"><WeightHistogramChart sample={weights} /></div>}
    </div>
  );
}
