// The comparison charts behind React.lazy: recharts (~100 kB gzipped) loads when a chart is
// first shown, not with the notebook.
import { Suspense, lazy } from 'react';
import type { CompareChartsProps } from './CompareCharts.tsx';

const CompareCharts = lazy(() => import('./CompareCharts.tsx'));

export function LazyCompareCharts(props: CompareChartsProps) {
  return (
    <Suspense fallback={<p className="chart-empty">Loading charts…</p>}>
      <CompareCharts {...props} />
    </Suspense>
  );
}
