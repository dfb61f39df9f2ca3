// The data the comparison charts draw, as plain values: any store (model-store today, the
// evaluation store later) can fill these without the charts knowing where numbers come from.

export type LatencyEp = 'webgpu' | 'wasm';
export type FootprintConvention = 'transformers' | 'true' | 'onnx';

/** A value with its 95 % interval (low ≤ value ≤ high). */
export interface Interval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export interface LatencyStats {
  readonly medianMs: number;
  /** Undefined when a single run was measured. */
  readonly p90Ms?: number;
  /**
   * Paired rounds against fp32 on the same device (src/core/eval/paired-latency.ts): the median
   * ratio with its 95 % interval, or its range when the rounds were too few for one.
   */
  readonly vsFp32?: Interval & { readonly verdict: string };
}

export interface VariantChartData {
  /** Stable id (the recipe text): keeps a variant's colour across charts. */
  readonly id: string;
  readonly label: string;
  readonly footprint: {
    readonly transformersBytes: number;
    readonly trueBytes: number;
    /** Undefined for a variant only computed from config.json (no file written). */
    readonly onnxFileBytes?: number;
  };
  readonly perplexity?: Interval;
  readonly latency?: Partial<Record<LatencyEp, LatencyStats>>;
  /** SQNR of each Linear weight, in model order; Infinity (unchanged) is not drawn. */
  readonly layers?: readonly LayerSqnr[];
  /** Settings changed since these numbers were measured: drawn faded, labelled "(stale)". */
  readonly stale?: boolean;
}

export interface LayerSqnr {
  /** Short name shown on the axis, e.g. "L0 query". */
  readonly layer: string;
  readonly sqnrDb: number;
}

export interface WeightSample {
  /** Weight initializer name, shown in the title. */
  readonly layer: string;
  /** The layer's weights (or a sample of them); absmax is taken over these. */
  readonly values: ArrayLike<number>;
}

export interface CompareChartsData {
  readonly variants: readonly VariantChartData[];
  /** The weight histogram is drawn when present. */
  readonly weights?: WeightSample;
}

/** One table of a chart's table view (also what the notebook export receives). */
export interface ChartTable {
  readonly key: string;
  readonly title?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
  readonly note?: string;
}
