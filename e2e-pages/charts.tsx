// Test page for the comparison charts (e2e/charts.spec.ts): every chart with fixed demo data,
// lazily loaded as the notebook will load it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LazyCompareCharts } from '../src/features/charts/LazyCompareCharts.tsx';
import { exportSources } from '../src/state/export-registry.ts';
import '../src/ui/theme.css';
import { DEMO_CHARTS } from './charts-demo-data.ts';

// The e2e reads what the notebook export would receive from the charts.
(window as Window & { collectChartExports?: () => Promise<unknown> }).collectChartExports = () =>
  Promise.all(exportSources().map(async (s) => ({ id: s.id, blocks: await s.collect() })));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <header className="app-header"><span className="brand">bitlab</span> <span className="tagline">comparison charts</span></header>
    <main className="notebook">
      <section className="cell">
        <h2>Compare the variants</h2>
        <LazyCompareCharts {...DEMO_CHARTS} />
      </section>
    </main>
  </StrictMode>,
);
