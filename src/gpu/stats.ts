// Host for shaders/histogram.wgsl, error-metrics.wgsl and zeros.wgsl.
import histogramSrc from '../../shaders/histogram.wgsl?raw';
import metricsSrc from '../../shaders/error-metrics.wgsl?raw';
import zerosSrc from '../../shaders/zeros.wgsl?raw';
import {
  checkHistogram,
  histogramScale,
  metricsFromSums,
  type ErrorMetrics,
  type Histogram,
  type HistogramOptions,
} from '../core/kernels/stats.ts';
import { requireLength, requireNonEmpty } from '../core/kernels/validate.ts';
import { chunkRanges } from './chunks.ts';
import type { GpuContext } from './device.ts';
import { dispatch, releaseAll, storage, submitAndRead, uniformBuffer, upload, withErrorScopes } from './encode.ts';
import { LIB_F32, shader } from './shader-source.ts';

const HISTOGRAM = shader('histogram', [LIB_F32, histogramSrc]);
const METRICS = shader('error-metrics', [LIB_F32, metricsSrc]);
const ZEROS = shader('zeros', [zerosSrc]);
const ITEMS = 256; // elements per invocation (few workgroups: SwiftShader barriers are costly)
const TILE = 256 * ITEMS;
const METRIC_ITEMS = 64;
const METRIC_TILE = 256 * METRIC_ITEMS;

export async function gpuHistogram(ctx: GpuContext, x: Float32Array, o: HistogramOptions): Promise<Histogram> {
  requireNonEmpty('histogram', x.length);
  checkHistogram(o);
  const slots = o.bins + 3;
  const total = new Uint32Array(slots);
  await withErrorScopes(ctx, 'histogram', async () => {
    const counts = storage(ctx, slots * 4);
    const clear = ctx.device.createCommandEncoder();
    clear.clearBuffer(counts);
    ctx.device.queue.submit([clear.finish()]);
    const temps: GPUBuffer[] = [];
    for (const { start, count } of chunkRanges(ctx, 'histogram', x.length, 4, TILE)) {
      const src = upload(ctx, x.subarray(start, start + count));
      const params = uniformBuffer(ctx, [{ u: count }, { f: o.min }, { f: o.max }, { f: histogramScale(o) }]);
      const encoder = ctx.device.createCommandEncoder();
      dispatch(ctx, encoder, ctx.pipelines.get(HISTOGRAM, 'main', { BINS: o.bins, ITEMS }), [params, src, counts], Math.ceil(count / TILE));
      ctx.device.queue.submit([encoder.finish()]);
      temps.push(src, params);
    }
    const [bytes] = await submitAndRead(ctx, ctx.device.createCommandEncoder(), [{ buffer: counts, bytes: slots * 4 }]);
    total.set(new Uint32Array(bytes!));
    releaseAll(ctx, [...temps, counts]);
  });
  return { counts: total.slice(0, o.bins), below: total[o.bins]!, above: total[o.bins + 1]!, nan: total[o.bins + 2]! };
}

export async function gpuErrorMetrics(ctx: GpuContext, x: Float32Array, xHat: Float32Array): Promise<ErrorMetrics> {
  requireNonEmpty('errorMetrics', x.length);
  requireLength('errorMetrics', 'the dequantized copy', xHat.length, x.length);
  let sumSquares = 0;
  let sumSquaredError = 0;
  let maxAbs = 0;
  await withErrorScopes(ctx, 'errorMetrics', async () => {
    for (const { start, count } of chunkRanges(ctx, 'errorMetrics', x.length, 4, METRIC_TILE)) {
      const groups = Math.ceil(count / METRIC_TILE);
      const a = upload(ctx, x.subarray(start, start + count));
      const b = upload(ctx, xHat.subarray(start, start + count));
      const partials = storage(ctx, groups * 12);
      const params = uniformBuffer(ctx, [{ u: count }]);
      const encoder = ctx.device.createCommandEncoder();
      dispatch(ctx, encoder, ctx.pipelines.get(METRICS, 'main', { ITEMS: METRIC_ITEMS }), [params, a, b, partials], groups);
      const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: partials, bytes: groups * 12 }]);
      const f = new Float32Array(bytes!);
      const u = new Uint32Array(bytes!);
      for (let g = 0; g < groups; g++) {
        sumSquares += f[3 * g]!;
        sumSquaredError += f[3 * g + 1]!;
        const m = new Float32Array(new Uint32Array([u[3 * g + 2]!]).buffer)[0]!;
        if (m > maxAbs) maxAbs = m;
      }
      releaseAll(ctx, [a, b, partials, params]);
    }
  });
  return metricsFromSums(x.length, sumSquares, sumSquaredError, maxAbs);
}

export async function gpuCountZeros(ctx: GpuContext, x: Float32Array): Promise<number> {
  requireNonEmpty('countZeros', x.length);
  let zeros = 0;
  await withErrorScopes(ctx, 'countZeros', async () => {
    for (const { start, count } of chunkRanges(ctx, 'countZeros', x.length, 4, TILE)) {
      const src = upload(ctx, x.subarray(start, start + count));
      const out = storage(ctx, 4);
      const params = uniformBuffer(ctx, [{ u: count }]);
      const encoder = ctx.device.createCommandEncoder();
      encoder.clearBuffer(out);
      dispatch(ctx, encoder, ctx.pipelines.get(ZEROS, 'main', { ITEMS }), [params, src, out], Math.ceil(count / TILE));
      const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: out, bytes: 4 }]);
      zeros += new Uint32Array(bytes!)[0]!;
      releaseAll(ctx, [src, out, params]);
    }
  });
  return zeros;
}
