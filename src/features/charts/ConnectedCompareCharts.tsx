// The comparison charts fed by the model store (built variants, their runs). Perplexities
// and a weight sample are props until the evaluation store and a weights request exist.
import { useMemo } from 'react';
import { useModelStore } from '../../state/model-store.ts';
import { chartDataFromVariants, type MeasuredByRecipe } from './from-model-store.ts';
import { LazyCompareCharts } from './LazyCompareCharts.tsx';
import type { WeightSample } from './types.ts';

export interface ConnectedCompareChartsProps extends MeasuredByRecipe {
  /** A layer's weights for the histogram (the compression worker cannot send them yet). */
  readonly weights?: WeightSample;
}

export function ConnectedCompareCharts({ perplexities, latencies, weights }: ConnectedCompareChartsProps) {
  const variants = useModelStore((s) => s.variants);
  const data = useMemo(() => chartDataFromVariants(Object.values(variants), { perplexities, latencies }),
    [variants, perplexities, latencies]);
  if (data.length === 0) return <p className="chart-empty">Build a variant to compare it here.</p>;
  return <LazyCompareCharts variants={data} weights={weights} />;
}
