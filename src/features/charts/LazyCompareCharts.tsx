// The comparison charts behind React.lazy: recharts (~100 kB gzipped) loads when a chart is
// first shown, not with the notebook.
//
// Drawing every chart takes recharts 100–500 ms of main-thread time on a slow machine, and
// the data is rebuilt from the stores on every progress message of a compression or an
// evaluation. So the charts redraw only when a number they show changed (memo with
// samePlainData), and they draw at transition priority (useDeferredValue), which React
// renders in slices that yield to the browser: the notebook never freezes while the charts
// catch up.
import { Suspense, lazy, memo, useDeferredValue } from 'react';
import type { CompareChartsProps } from './CompareCharts.tsx';
import { samePlainData } from './same-data.ts';

const CompareCharts = memo(lazy(() => import('./CompareCharts.tsx')), samePlainData);

export function LazyCompareCharts(props: CompareChartsProps) {
  // null first: even the first drawing happens after the update that asked for it.
  const deferred = useDeferredValue<CompareChartsProps | null>(props, null);
  const loading = <p className="chart-empty">Loading charts…</p>;
  if (!deferred) return loading;
  return (
    <Suspense fallback={loading}>
      <CompareCharts {...deferred} />
    </Suspense>
  );
}
