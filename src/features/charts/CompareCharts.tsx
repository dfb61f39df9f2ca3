// Every comparison chart for a set of variants, side by side. Imports recharts, so it is the
// module to load lazily (LazyCompareCharts.tsx); the toggles shared by charts live here.
// New data reaches the charts one chart per task (use-one-chart-per-task.ts).
import { memo, useState } from 'react';
import { FootprintChart } from './FootprintChart.tsx';
import { LatencyChart } from './LatencyChart.tsx';
import { LayerErrorChart } from './LayerErrorChart.tsx';
import { ParetoChart } from './ParetoChart.tsx';
import { PerplexityChart } from './PerplexityChart.tsx';
import type { LayerHistogram } from './ConnectedCompareCharts.tsx';
import { layerLabel } from './from-model-store.ts';
import type { CompareChartsData, FootprintConvention, LatencyEp } from './types.ts';
import { useOneChartPerTask } from './use-one-chart-per-task.ts';
import { WeightHistogramChart } from './WeightHistogramChart.tsx';

// Memoized so that a chart whose slot kept its data skips the commit another chart's data needs.
const Footprint = memo(FootprintChart);
const Perplexity = memo(PerplexityChart);
const Latency = memo(LatencyChart);
const Pareto = memo(ParetoChart);
const LayerError = memo(LayerErrorChart);
const Weights = memo(WeightHistogramChart);
const LayerWeights = memo(LayerHistogramChart);
const NO_VARIANTS: CompareChartsData['variants'] = [];

export interface CompareChartsProps extends CompareChartsData {
  readonly initialConvention?: FootprintConvention;
  readonly initialEp?: LatencyEp;
  /** The loaded model's layers and the picked layer's histogram (from the worker). */
  readonly histogram?: LayerHistogram;
}

export default function CompareCharts({ variants, weights, histogram, initialConvention = 'true', initialEp = 'webgpu' }: CompareChartsProps) {
  const [convention, setConvention] = useState(initialConvention);
  const [ep, setEp] = useState(initialEp);
  // The toggles above apply at once (the student is looking at that chart); data from the
  // stores goes to one chart per task.
  // Even the first drawing starts from empty charts (a reload with stored results, the
  // histogram arriving as the charts load): one commit for all of them would freeze the page.
  const [footprint, perplexity, latency, pareto, layerError, sample, layerWeights] = useOneChartPerTask(
    [variants, variants, variants, variants, variants, weights, histogram] as const,
    [NO_VARIANTS, NO_VARIANTS, NO_VARIANTS, NO_VARIANTS, NO_VARIANTS, undefined, undefined] as const,
  );
  return (
    <div className="chart-grid">
      <Footprint variants={footprint} convention={convention} onConventionChange={setConvention} />
      <Perplexity variants={perplexity} />
      <Latency variants={latency} ep={ep} onEpChange={setEp} />
      <Pareto variants={pareto} convention={convention} />
      <div className="chart-wide"><LayerError variants={layerError} /></div>
      {sample && <div className="chart-wide"><Weights sample={sample} /></div>}
      {!weights && layerWeights && <div className="chart-wide"><LayerWeights histogram={layerWeights} /></div>}
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
