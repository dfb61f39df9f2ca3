// Host for shaders/double-quant.wgsl and double-quant-dequantize.wgsl. The offset (mean of the
// absmax values) is computed on the host by the CPU reference's meanF32, for both backends.
import quantizeSrc from '../../shaders/double-quant.wgsl?raw';
import dequantizeSrc from '../../shaders/double-quant-dequantize.wgsl?raw';
import { DOUBLE_QUANT_BLOCK, meanF32, type DoubleQuantized } from '../core/kernels/double-quant.ts';
import { requireLength, requireNoNaNScales, requireNonEmpty, requireParameter } from '../core/kernels/validate.ts';
import { requireFits } from './chunks.ts';
import type { GpuContext } from './device.ts';
import { dispatch, releaseAll, storage, submitAndRead, uniformBuffer, upload, withErrorScopes } from './encode.ts';
import { LIB_F32, shader } from './shader-source.ts';
import { DYNAMIC_MAP_TABLES } from './tables.ts';

const QUANTIZE = shader('double-quant', [LIB_F32, DYNAMIC_MAP_TABLES, quantizeSrc]);
const DEQUANTIZE = shader('double-quant-dequantize', [LIB_F32, DYNAMIC_MAP_TABLES, dequantizeSrc]);

export async function gpuDoubleQuantize(ctx: GpuContext, absmax: Float32Array, offset = meanF32(absmax)): Promise<DoubleQuantized> {
  requireNonEmpty('doubleQuantize', absmax.length);
  requireNoNaNScales('doubleQuantize', 'absmax values', absmax);
  requireParameter('doubleQuantize', Number.isFinite(offset), 'a finite offset', offset);
  // absmax is 1/64 of a weight: 1 GiB of it would be a 17-billion-weight tensor.
  requireFits(ctx, 'doubleQuantize', 'absmax values', absmax.byteLength);
  const n = absmax.length;
  const blocks = Math.ceil(n / DOUBLE_QUANT_BLOCK);
  return withErrorScopes(ctx, 'doubleQuantize', async () => {
    const src = upload(ctx, absmax);
    const codes = storage(ctx, Math.ceil(n / 4) * 4);
    const a2 = storage(ctx, blocks * 4);
    const params = uniformBuffer(ctx, [{ u: n }, { f: offset }]);
    const encoder = ctx.device.createCommandEncoder();
    dispatch(ctx, encoder, ctx.pipelines.get(QUANTIZE, 'quantize'), [params, src, codes, a2], blocks);
    const [c, a] = await submitAndRead(ctx, encoder, [{ buffer: codes, bytes: n }, { buffer: a2, bytes: blocks * 4 }]);
    releaseAll(ctx, [src, codes, a2, params]);
    return { codes: new Uint8Array(c!), absmax2: new Float32Array(a!), offset: Math.fround(offset), blockSize: DOUBLE_QUANT_BLOCK };
  });
}

export async function gpuDequantizeDoubleQuant(ctx: GpuContext, dq: DoubleQuantized): Promise<Float32Array> {
  const n = dq.codes.length;
  requireNonEmpty('dequantizeDoubleQuant', n);
  requireLength('dequantizeDoubleQuant', 'absmax2', dq.absmax2.length, Math.ceil(n / dq.blockSize));
  requireNoNaNScales('dequantizeDoubleQuant', 'absmax2 values', dq.absmax2);
  requireFits(ctx, 'dequantizeDoubleQuant', 'absmax values', n * 4);
  return withErrorScopes(ctx, 'dequantizeDoubleQuant', async () => {
    const codes = upload(ctx, dq.codes);
    const a2 = upload(ctx, dq.absmax2);
    const out = storage(ctx, Math.ceil(n / 4) * 16);
    const params = uniformBuffer(ctx, [{ u: n }, { f: dq.offset }]);
    const encoder = ctx.device.createCommandEncoder();
    dispatch(ctx, encoder, ctx.pipelines.get(DEQUANTIZE, 'main', { WG: 256 }), [params, codes, a2, out], Math.ceil(n / 4 / 256));
    const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: out, bytes: n * 4 }]);
    releaseAll(ctx, [codes, a2, out, params]);
    return new Float32Array(bytes!);
  });
}
