// Every comparison chart for a set of variants, side by side. Imports recharts, so it is the
// module to load lazily (LazyCompareCharts.tsx); the toggles shared by charts live here.
import { useState } from 'react';
import { FootprintChart } from './FootprintChart.tsx';
import { LatencyChart } from './LatencyChart.tsx';
import { LayerErrorChart } from './LayerErrorChart.tsx';
import { ParetoChart } from './ParetoChart.tsx';
import { PerplexityChart } from './PerplexityChart.tsx';
import type { LayerHistogram } from './ConnectedCompareCharts.tsx';
import { layerLabel } from './from-model-store.ts';
import type { CompareChartsData, FootprintConvention, LatencyEp } from './types.ts';
import { WeightHistogramChart } from './WeightHistogramChart.tsx';

export interface CompareChartsProps extends CompareChartsData {
  readonly initialConvention?: FootprintConvention;
  readonly initialEp?: LatencyEp;
  /** The loaded model's layers and the picked layer's histogram (from the worker). */
  readonly histogram?: LayerHistogram;
}

export default function CompareCharts({ variants, weights, histogram, initialConvention = 'true', initialEp = 'webgpu' }: CompareChartsProps) {
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
      {!weights && histogram && <div className="chart-wide"><LayerHistogramChart histogram={histogram} /></div>}
    </div>
  );
}

function LayerHistogramChart({ histogram }: { readonly histogram: LayerHistogram }) {
  const picker = (
    <select aria-label="Layer" value={histogram.picked ?? ''} onChange={(e) => histogram.onPick(e.target.value)} disabled={!histogram.layers.length}>
      {histogram.layers.map((l) => <option key={l.weight} value={l.weight}>{layerLabel(l)} [{l.outFeatures}×{l.inFeatures}]</option>)}
    </select>
  );
  if (!histogram.data) {
    return (
      <figure className="chart-frame" data-chart="weight-histogram">
        <figcaption className="chart-head"><span className="chart-title">Weights of a layer</span><span className="chart-tools">{picker}</span></figcaption>
        <p className="chart-empty">{histogram.message}</p>
      </figure>
    );
  }
  return <WeightHistogramChart data={histogram.data} controls={picker} />;
}
