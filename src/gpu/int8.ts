// Host for shaders/int8-quantize.wgsl and int8-dequantize.wgsl. The per-row/per-column
// absmax runs on the GPU (absmax.wgsl); the few hundred scales are derived on the host with the
// CPU reference's exact float32 functions. LLM.int8's SCB = FP16(absmax): FP16 rounding is
// monotonic, so max|fp16(w)| = fp16(max|w|).
import quantizeSrc from '../../shaders/int8-quantize.wgsl?raw';
import dequantizeSrc from '../../shaders/int8-dequantize.wgsl?raw';
import { f16BitsToF32, f32ToF16Bits } from '../core/formats/half.ts';
import { divF } from '../core/kernels/float32.ts';
import {
  INV_127_F32,
  perChannelScale,
  type Int8PerChannel,
  type Int8Rowwise,
  type Int8RowwiseOptions,
} from '../core/kernels/int8.ts';
import { transposeF32 } from '../core/kernels/layout.ts';
import { requireLength, requireNoNaNScales, requireNonEmpty, requireShape } from '../core/kernels/validate.ts';
import { gpuColAbsmax, gpuRowAbsmax } from './absmax.ts';
import { chunkRanges } from './chunks.ts';
import type { GpuContext } from './device.ts';
import { dispatch, releaseAll, storage, submitAndRead, uniformBuffer, upload, withErrorScopes } from './encode.ts';
import { LIB_F32, LIB_HALF, shader } from './shader-source.ts';

const QUANTIZE = shader('int8-quantize', [LIB_F32, quantizeSrc]);
const DEQUANTIZE = shader('int8-dequantize', [LIB_F32, LIB_HALF, dequantizeSrc]);

export interface Int8QuantArgs {
  mode: 'rowwise' | 'per-channel';
  n: number;
  inF: number;
  outF: number;
  transposed: boolean;
  src: GPUBuffer;
  scale: GPUBuffer;
  codes: GPUBuffer;
  timestampWrites?: GPUComputePassTimestampWrites;
}

export function encodeInt8Quantize(ctx: GpuContext, encoder: GPUCommandEncoder, a: Int8QuantArgs): GPUBuffer {
  // Rows of a multiple of 16 in place: one invocation per 16 codes (16-byte loads, vec4 math).
  // Per-channel rows of a multiple of 16 likewise (16 codes share one row).
  const rows16 = a.mode === 'rowwise' && !a.transposed && a.inF % 16 === 0;
  const cols16 = a.mode === 'per-channel' && a.outF % 16 === 0;
  const entry = rows16 ? 'rows16' : cols16 ? 'cols16' : 'main';
  const pipeline = ctx.pipelines.get(QUANTIZE, entry, { WG: 256, MODE: a.mode === 'rowwise' ? 0 : 1 });
  const params = uniformBuffer(ctx, [{ u: a.n }, { u: a.inF }, { u: a.outF }, { u: a.transposed ? 1 : 0 }]);
  dispatch(ctx, encoder, pipeline, [params, a.src, a.scale, a.codes], Math.ceil(a.n / (entry === 'main' ? 4 : 16) / 256), { timestampWrites: a.timestampWrites });
  return params;
}

async function quantizeChunk(ctx: GpuContext, x: Float32Array, scale: Float32Array, a: Omit<Int8QuantArgs, 'src' | 'scale' | 'codes' | 'n'>): Promise<Int8Array> {
  const src = upload(ctx, x);
  const scaleBuf = upload(ctx, scale);
  const codes = storage(ctx, Math.ceil(x.length / 4) * 4);
  const encoder = ctx.device.createCommandEncoder();
  const params = encodeInt8Quantize(ctx, encoder, { ...a, n: x.length, src, scale: scaleBuf, codes });
  const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: codes, bytes: x.length }]);
  releaseAll(ctx, [src, scaleBuf, codes, params]);
  return new Int8Array(bytes!);
}

export function llmInt8Scales(absmax: Float32Array): { scb: Float32Array; scale: Float32Array } {
  const scb = absmax.map((a) => f16BitsToF32(f32ToF16Bits(a)));
  return { scb, scale: scb.map((s) => divF(127, s)) };
}

export async function gpuQuantizeInt8Rowwise(ctx: GpuContext, w: Float32Array, o: Int8RowwiseOptions): Promise<Int8Rowwise> {
  requireNonEmpty('quantizeInt8Rowwise', w.length);
  requireShape('quantizeInt8Rowwise', w.length, o.rows, o.cols);
  const [outF, inF] = o.layout === 'in-out' ? [o.cols, o.rows] : [o.rows, o.cols];
  return withErrorScopes(ctx, 'quantizeInt8Rowwise', async () => {
    let outIn = w;
    let transposed = o.layout === 'in-out';
    if (transposed && w.byteLength > ctx.maxBindingBytes) {
      outIn = transposeF32(w, o.rows, o.cols); // too big to read transposed: chunk the transpose
      transposed = false;
    }
    const absmax = transposed ? await gpuColAbsmax(ctx, w, o.rows, o.cols) : await gpuRowAbsmax(ctx, outIn, outF, inF);
    const { scb, scale } = llmInt8Scales(absmax);
    const codes = new Int8Array(w.length);
    if (transposed) {
      codes.set(await quantizeChunk(ctx, w, scale, { mode: 'rowwise', inF, outF, transposed: true }));
    } else {
      for (const { start, count } of chunkRanges(ctx, 'quantizeInt8Rowwise', w.length, 4, inF)) {
        const rows = [start / inF, (start + count) / inF] as const;
        codes.set(await quantizeChunk(ctx, outIn.subarray(start, start + count), scale.subarray(...rows), {
          mode: 'rowwise', inF, outF: count / inF, transposed: false,
        }), start);
      }
    }
    return { codes, scb, outFeatures: outF, inFeatures: inF };
  });
}

export async function gpuQuantizeInt8PerChannel(ctx: GpuContext, w: Float32Array, rows: number, cols: number): Promise<Int8PerChannel> {
  requireNonEmpty('quantizeInt8PerChannel', w.length);
  requireShape('quantizeInt8PerChannel', w.length, rows, cols);
  return withErrorScopes(ctx, 'quantizeInt8PerChannel', async () => {
    const scales = (await gpuColAbsmax(ctx, w, rows, cols)).map(perChannelScale);
    const codes = new Int8Array(w.length);
    for (const { start, count } of chunkRanges(ctx, 'quantizeInt8PerChannel', w.length, 4, cols)) {
      codes.set(await quantizeChunk(ctx, w.subarray(start, start + count), scales, {
        mode: 'per-channel', inF: 0, outF: cols, transposed: false,
      }), start);
    }
    return { codes, scales, rows, cols };
  });
}

export interface Int8DequantArgs {
  mode: 'rowwise' | 'per-channel';
  n: number;
  cols: number;
  f16: boolean;
  codes: GPUBuffer;
  scale: GPUBuffer;
  out: GPUBuffer;
  timestampWrites?: GPUComputePassTimestampWrites;
}

export function encodeInt8Dequantize(ctx: GpuContext, encoder: GPUCommandEncoder, a: Int8DequantArgs): GPUBuffer {
  const pipeline = ctx.pipelines.get(DEQUANTIZE, 'main', { WG: 256, MODE: a.mode === 'rowwise' ? 0 : 1, OUT_F16: a.f16 ? 1 : 0 });
  const params = uniformBuffer(ctx, [{ u: a.n }, { u: a.cols }, { f: INV_127_F32 }]);
  dispatch(ctx, encoder, pipeline, [params, a.codes, a.scale, a.out], Math.ceil(a.n / 4 / 256), { timestampWrites: a.timestampWrites });
  return params;
}

async function dequantize(
  ctx: GpuContext, kernel: string, mode: Int8DequantArgs['mode'], codes: Int8Array, scales: Float32Array, cols: number, f16: boolean,
): Promise<Float32Array | Uint16Array> {
  const out = f16 ? new Uint16Array(codes.length) : new Float32Array(codes.length);
  await withErrorScopes(ctx, kernel, async () => {
    for (const { start, count } of chunkRanges(ctx, kernel, codes.length, 4, cols * 4)) {
      const codesBuf = upload(ctx, codes.subarray(start, start + count));
      const scaleBuf = upload(ctx, mode === 'rowwise' ? scales.subarray(start / cols, (start + count) / cols) : scales);
      const outBuf = storage(ctx, Math.ceil(count / 4) * 4 * (f16 ? 2 : 4));
      const encoder = ctx.device.createCommandEncoder();
      const params = encodeInt8Dequantize(ctx, encoder, { mode, n: count, cols, f16, codes: codesBuf, scale: scaleBuf, out: outBuf });
      const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: outBuf, bytes: count * (f16 ? 2 : 4) }]);
      out.set(f16 ? new Uint16Array(bytes!) : new Float32Array(bytes!), start);
      releaseAll(ctx, [codesBuf, scaleBuf, outBuf, params]);
    }
  });
  return out;
}

/** [out, in] weights (float32, or FP16 bits with f16 = true) from CB and SCB. */
export async function gpuDequantizeInt8Rowwise(ctx: GpuContext, q: Int8Rowwise, f16 = false): Promise<Float32Array | Uint16Array> {
  requireNonEmpty('dequantizeInt8Rowwise', q.codes.length);
  requireLength('dequantizeInt8Rowwise', 'codes', q.codes.length, q.outFeatures * q.inFeatures);
  requireLength('dequantizeInt8Rowwise', 'SCB', q.scb.length, q.outFeatures);
  requireNoNaNScales('dequantizeInt8Rowwise', 'SCB values', q.scb);
  return dequantize(ctx, 'dequantizeInt8Rowwise', 'rowwise', q.codes, q.scb, q.inFeatures, f16);
}

export async function gpuDequantizeInt8PerChannel(ctx: GpuContext, q: Int8PerChannel, f16 = false): Promise<Float32Array | Uint16Array> {
  requireNonEmpty('dequantizeInt8PerChannel', q.codes.length);
  requireShape('dequantizeInt8PerChannel', q.codes.length, q.rows, q.cols);
  requireLength('dequantizeInt8PerChannel', 'scales', q.scales.length, q.cols);
  requireNoNaNScales('dequantizeInt8PerChannel', 'scales', q.scales);
  return dequantize(ctx, 'dequantizeInt8PerChannel', 'per-channel', q.codes, q.scales, q.cols, f16);
}
