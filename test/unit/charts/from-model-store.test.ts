import { describe, expect, it } from 'vitest';
import { chartDataFromVariants, layerLabel } from '../../../src/features/charts/from-model-store.ts';
import type { VariantState } from '../../../src/state/model-store.ts';
import type { VariantSummary } from '../../../src/workers/compress-variants.ts';

const summary = (recipe: string, trueBytes: number): VariantSummary => ({
  recipe, fileName: `model_${recipe}.onnx`, kernelBackends: ['cpu'], buildMs: 1, timing: { compressMs: 1, encodeMs: 0, metricsMs: 0 },
  footprint: { recipe, source: 'onnx', parameters: 10, tensors: [], transformersBytes: trueBytes - 100, trueBytes, onnxFileBytes: trueBytes + 50, notes: [] },
  layers: [{ weight: 'bert.encoder.layer.0.attention.self.query.weight', role: 'query', layerIndex: 0, sqnrDb: 19.5, maxAbsError: 0.01, metricsBackend: 'cpu' }],
});

describe('chart data from the model store', () => {
  it('keeps ready variants only, with footprints, SQNR per layer and measured runs', () => {
    const variants: VariantState[] = [
      { recipe: 'nf4', status: 'ready', summary: summary('nf4', 1000), runs: {
        webgpu: { status: 'done', result: { ep: 'webgpu', runMs: 12.5, logitsShape: [1] } },
        wasm: { status: 'error', error: { name: 'Error', message: 'x' } },
      } },
      { recipe: 'int4', status: 'building', runs: {} },
    ];
    const data = chartDataFromVariants(variants, { perplexities: { nf4: { value: 4.4, low: 4.3, high: 4.5 } } });
    expect(data).toEqual([{
      id: 'nf4', label: 'nf4',
      footprint: { transformersBytes: 900, trueBytes: 1000, onnxFileBytes: 1050 },
      perplexity: { value: 4.4, low: 4.3, high: 4.5 },
      latency: { webgpu: { medianMs: 12.5 } },
      layers: [{ layer: 'L0 query', sqnrDb: 19.5 }],
    }]);
  });

  it('repeated-run latencies from the evaluation replace the single run of the same EP', () => {
    const variants: VariantState[] = [{ recipe: 'nf4', status: 'ready', summary: summary('nf4', 1000), runs: {
      webgpu: { status: 'done', result: { ep: 'webgpu', runMs: 12.5, logitsShape: [1] } },
    } }];
    const [data] = chartDataFromVariants(variants, { latencies: { nf4: { wasm: { medianMs: 40, p90Ms: 44 } } } });
    expect(data!.latency).toEqual({ webgpu: { medianMs: 12.5 }, wasm: { medianMs: 40, p90Ms: 44 } });
  });

  it('labels a layer without an index by its role, or its weight name', () => {
    expect(layerLabel({ role: 'mlm-decoder', weight: 'cls.predictions.decoder.weight' })).toBe('mlm-decoder');
    expect(layerLabel({ role: '' as never, weight: 'w' })).toBe('w');
  });
});
