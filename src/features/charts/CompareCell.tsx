// "Compare": every variant built so far, side by side. Charts appear once a variant exists;
// every number comes from the built variants (footprints, per-layer errors) and from the
// evaluation results (perplexity intervals, latencies).
import { useMemo } from 'react';
import { useEvalStore } from '../../state/eval-store.ts';
import { ConnectedCompareCharts } from './ConnectedCompareCharts.tsx';
import { seriesFromEvalRows } from './from-eval-store.ts';

export function CompareCell() {
  const results = useEvalStore((s) => s.results);
  const measured = useMemo(() => seriesFromEvalRows(Object.values(results)), [results]);
  return (
    <section className="cell" data-cell="compare" aria-labelledby="compare-title">
      <div className="cell-kicker">Compare</div>
      <h2 id="compare-title">Every variant, side by side</h2>
      <p>
        Size against quality: a variant is worth keeping only if no other one is both smaller and
        better (the Pareto front). Switch the size convention to see what the per-block scales
        really cost.
      </p>
      <ConnectedCompareCharts perplexities={measured.perplexities} latencies={measured.latencies} />
    </section>
  );
}
