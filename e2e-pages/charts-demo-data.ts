// Fixed demo numbers for the chart test page (e2e/charts.spec.ts reads the same module): the
// shape of a bert-base comparison, not a measurement.
import { normalSample } from '../src/core/random.ts';
import type { CompareChartsData, VariantChartData } from '../src/features/charts/types.ts';

const LAYERS = ['query', 'key', 'value', 'attn-out', 'ffn-in', 'ffn-out'];
const layers = (base: number, slope: number) =>
  [0, 1].flatMap((block) => LAYERS.map((role, i) => ({ layer: `L${block} ${role}`, sqnrDb: base - slope * i + block * 0.4 })));

export const DEMO_VARIANTS: VariantChartData[] = [
  { id: 'fp32', label: 'fp32', footprint: { transformersBytes: 433_300_000, trueBytes: 433_300_000, onnxFileBytes: 433_500_000 },
    perplexity: { value: 4.12, low: 3.98, high: 4.27 }, latency: { webgpu: { medianMs: 41.2, p90Ms: 45.0 }, wasm: { medianMs: 182.4, p90Ms: 190.1 } },
    layers: layers(Infinity, 0) },
  { id: 'int8', label: 'int8', footprint: { transformersBytes: 179_200_000, trueBytes: 179_600_000, onnxFileBytes: 180_100_000 },
    perplexity: { value: 4.15, low: 4.01, high: 4.30 }, latency: { webgpu: { medianMs: 38.9, p90Ms: 42.3 }, wasm: { medianMs: 120.5, p90Ms: 131.0, vsFp32: { value: 0.861, low: 0.83, high: 0.902, verdict: 'faster' } } },
    layers: layers(38.5, 0.3) },
  { id: 'nf4', label: 'nf4', footprint: { transformersBytes: 136_800_000, trueBytes: 139_900_000, onnxFileBytes: 140_600_000 },
    perplexity: { value: 4.41, low: 4.26, high: 4.57 }, latency: { webgpu: { medianMs: 47.6, p90Ms: 52.8 }, wasm: { medianMs: 210.3, p90Ms: 224.9, vsFp32: { value: 1.012, low: 0.957, high: 1.016, verdict: 'no detectable difference' } } },
    layers: layers(20.1, 0.25) },
  { id: 'fp4', label: 'fp4', footprint: { transformersBytes: 136_800_000, trueBytes: 139_900_000, onnxFileBytes: 140_600_000 },
    perplexity: { value: 4.78, low: 4.61, high: 4.95 }, latency: { webgpu: { medianMs: 47.1, p90Ms: 51.9 }, wasm: { medianMs: 205.8, p90Ms: 219.4, vsFp32: { value: 1.002, low: 0.982, high: 1.067, verdict: 'no detectable difference' } } },
    layers: layers(17.4, 0.2) },
  { id: 'int4', label: 'int4', footprint: { transformersBytes: 136_800_000, trueBytes: 138_200_000, onnxFileBytes: 138_900_000 },
    perplexity: { value: 5.06, low: 4.87, high: 5.25 }, latency: { webgpu: { medianMs: 44.8 }, wasm: { medianMs: 198.2, p90Ms: 210.7, vsFp32: { value: 0.998, low: 0.987, high: 1.04, verdict: 'no detectable difference' } } },
    layers: layers(18.2, 0.35) },
];

export const DEMO_CHARTS: CompareChartsData = {
  variants: DEMO_VARIANTS,
  // A seeded normal sample at the spread of a BERT Linear weight (std ≈ 0.04).
  weights: { layer: 'encoder.layer.0.attention.self.query.weight', values: normalSample(4096, 2026, 0, 0.04) },
};
