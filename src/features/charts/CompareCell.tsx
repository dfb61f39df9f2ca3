// "Compare": every variant built so far, side by side. Charts appear once a variant exists;
// every number comes from the compress cells' results (footprints, per-layer errors) and from
// their evaluations (perplexity intervals, latencies).
import { ConnectedCompareCharts } from './ConnectedCompareCharts.tsx';

export function CompareCell() {
  return (
    <section className="cell" data-cell="compare" aria-labelledby="compare-title">
      <div className="cell-kicker">Compare</div>
      <h2 id="compare-title">Every variant, side by side</h2>
      <p>
        Size against quality: a variant is worth keeping only if no other one is both smaller and
        better (the Pareto front). Switch the size convention to see what the per-block scales
        really cost. Results measured before a setting changed are drawn faded and labelled
        "(stale)".
      </p>
      <ConnectedCompareCharts />
    </section>
  );
}
