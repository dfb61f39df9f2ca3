// A Linear layer's weights as the weight-histogram chart draws them, computed in the
// compression worker (which holds the model): the histogram over [−absmax, absmax] and, per
// 4-bit format, the absmax of its blocks. The blocks are the formats' own: the weight taken as
// PyTorch's [out, in] (the ONNX MatMul initializer [in, out] transposed) and cut into runs of
// `blockSize` consecutive values, as bitsandbytes (FP4/NF4) and MatMulNBits (INT4) do.
import type { ModelProto } from 'onnx-buf';
import { histogramOf } from '../core/charts/histogram.ts';
import { findLinearLayers } from '../core/onnx/linear.ts';
import { readFloatTensor } from '../core/onnx/tensor.ts';
import { validateMaskedLm } from '../core/onnx/validate.ts';
import { float16ToFloat32 } from '../core/recipes/backend.ts';

export type HistogramFormat = 'int4' | 'fp4' | 'nf4';
/** The notebook's default block sizes (src/features/compress/recipe-settings.ts). */
export const HISTOGRAM_BLOCK_SIZES: Readonly<Record<HistogramFormat, number>> = { int4: 32, fp4: 64, nf4: 64 };

export interface LinearLayerInfo {
  weight: string;
  role: string;
  layerIndex?: number;
  /** PyTorch's [out, in]. */
  outFeatures: number;
  inFeatures: number;
}

export interface BlockScale {
  blockSize: number;
  blocks: number;
  /** Median of the per-block absmax: the scale of a typical block (what the chart draws). */
  medianAbsmax: number;
  /** Largest per-block absmax (= the layer's absmax). */
  maxAbsmax: number;
}

export interface WeightHistogramData {
  layer: string;
  edges: number[];
  counts: number[];
  total: number;
  absmax: number;
  blockScales: Record<HistogramFormat, BlockScale>;
}

export function linearLayerInfo(model: ModelProto): LinearLayerInfo[] {
  return findLinearLayers(model, 'transformers-4', validateMaskedLm(model).vocabSize)
    .map((l) => ({ weight: l.weight, role: l.role, layerIndex: l.layerIndex, outFeatures: l.outFeatures, inFeatures: l.inFeatures }));
}

/** Absmax of each block of `blockSize` values of the [in, out] weight read as [out, in]. */
export function blockAbsmax(weights: Float32Array, inFeatures: number, outFeatures: number, blockSize: number): Float32Array {
  const n = inFeatures * outFeatures;
  const absmax = new Float32Array(Math.ceil(n / blockSize));
  for (let o = 0; o < outFeatures; o++) {
    for (let i = 0; i < inFeatures; i++) {
      const flat = o * inFeatures + i; // index in [out, in]
      const a = Math.abs(weights[i * outFeatures + o]!);
      const b = (flat / blockSize) | 0;
      if (a > absmax[b]!) absmax[b] = a;
    }
  }
  return absmax;
}

function median(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function weightHistogram(weights: Float32Array, layer: LinearLayerInfo, bins: number, blockSizes = HISTOGRAM_BLOCK_SIZES): WeightHistogramData {
  let absmax = 0;
  for (let i = 0; i < weights.length; i++) absmax = Math.max(absmax, Math.abs(weights[i]!));
  const range = absmax || 1;
  const h = histogramOf(weights, bins, { min: -range, max: range });
  const blockScales = {} as Record<HistogramFormat, BlockScale>;
  for (const format of Object.keys(blockSizes) as HistogramFormat[]) {
    const blocks = blockAbsmax(weights, layer.inFeatures, layer.outFeatures, blockSizes[format]);
    blockScales[format] = { blockSize: blockSizes[format], blocks: blocks.length, medianAbsmax: median(blocks), maxAbsmax: Math.max(...blocks) };
  }
  return { layer: layer.weight, edges: h.edges, counts: h.counts, total: h.total, absmax, blockScales };
}

/** The histogram of one Linear weight of a loaded model. */
export function modelWeightHistogram(model: ModelProto, weight: string, bins: number): WeightHistogramData {
  const layer = linearLayerInfo(model).find((l) => l.weight === weight);
  const tensor = model.graph?.initializer.find((t) => t.name === weight);
  if (!layer || !tensor) throw new Error(`No Linear weight named "${weight}" in the loaded model; pick one of its layers.`);
  return weightHistogram(readFloatTensor(tensor, float16ToFloat32), layer, bins);
}
