// Chart data from what the model store holds today: built variants' footprints, per-layer
// SQNR and single EP runs. Perplexity comes later from the evaluation store, merged by id.
import type { VariantState } from '../../state/model-store.ts';
import type { LayerError } from '../../workers/compress-variants.ts';
import type { Interval, LatencyEp, LatencyStats, LayerSqnr, VariantChartData } from './types.ts';

const EPS: readonly LatencyEp[] = ['webgpu', 'wasm'];

export function layerLabel(layer: Pick<LayerError, 'role' | 'layerIndex' | 'weight'>): string {
  return layer.layerIndex === undefined ? layer.role || layer.weight : `L${layer.layerIndex} ${layer.role}`;
}

/** Numbers measured elsewhere (the evaluation store), keyed by recipe, merged over the store's. */
export interface MeasuredByRecipe {
  readonly perplexities?: Readonly<Record<string, Interval>>;
  /** Repeated-run latency statistics; they replace the single compress-cell run of that EP. */
  readonly latencies?: Readonly<Record<string, Partial<Record<LatencyEp, LatencyStats>>>>;
}

/** Ready variants in the given order, with what the model store measured and `measured` adds. */
export function chartDataFromVariants(variants: readonly VariantState[], measured: MeasuredByRecipe = {}): VariantChartData[] {
  return variants.flatMap((v) => {
    const s = v.summary;
    if (v.status !== 'ready' || !s) return [];
    const latency: Partial<Record<LatencyEp, LatencyStats>> = {};
    for (const ep of EPS) {
      const run = v.runs[ep];
      // One measured run today: its time is the median of a sample of one (no p90).
      if (run?.status === 'done' && run.result.runMs !== undefined) latency[ep] = { medianMs: run.result.runMs };
    }
    Object.assign(latency, measured.latencies?.[v.recipe]);
    const layers: LayerSqnr[] = s.layers.map((l) => ({ layer: layerLabel(l), sqnrDb: l.sqnrDb }));
    return [{
      id: v.recipe,
      label: v.recipe,
      footprint: { transformersBytes: s.footprint.transformersBytes, trueBytes: s.footprint.trueBytes, onnxFileBytes: s.footprint.onnxFileBytes },
      perplexity: measured.perplexities?.[v.recipe],
      latency,
      layers,
    }];
  });
}
