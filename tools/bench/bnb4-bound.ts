// A benchmark-only variant of shaders/bnb4-quantize.wgsl whose NF4/FP4 encoder is replaced by a
// shift: everything else (16-byte loads, absmax, 1/absmax, scaling, packing, stores) is the real
// kernel's. Timing it bounds the throughput any encoder could reach on the device.
import quantizeSrc from '../../shaders/bnb4-quantize.wgsl?raw';
import type { GpuContext } from '../../src/gpu/device.ts';
import { dispatch, uniformBuffer } from '../../src/gpu/encode.ts';
import { LIB_F32, shader } from '../../src/gpu/shader-source.ts';
import { BNB4_ENCODE_TABLES } from '../../src/gpu/tables.ts';
import { BNB4_QUANT_WG } from '../../src/gpu/bnb4.ts';

const ENCODER = 'fn encode(s: f32) -> u32 {';
if (!quantizeSrc.includes(ENCODER)) throw new Error('bnb4-bound: the encoder signature in bnb4-quantize.wgsl changed');
const BOUND = shader('bnb4-quantize-bound', [LIB_F32, BNB4_ENCODE_TABLES, quantizeSrc.replace(ENCODER, `${ENCODER}\n  return bitcast<u32>(s) >> 28u;`)]);

export function encodeBnb4QuantizeBound(
  ctx: GpuContext, encoder: GPUCommandEncoder,
  a: { n: number; src: GPUBuffer; packed: GPUBuffer; absmax: GPUBuffer; timestampWrites?: GPUComputePassTimestampWrites },
): GPUBuffer {
  const pipeline = ctx.pipelines.get(BOUND, 'main', { WG: BNB4_QUANT_WG, BLOCK_SIZE: 64, NF4: 1 });
  const params = uniformBuffer(ctx, [{ u: a.n }, { u: 0 }, { u: 0 }, { u: 0 }]);
  dispatch(ctx, encoder, pipeline, [params, a.src, a.packed, a.absmax], Math.ceil(a.n / 64 / BNB4_QUANT_WG), { timestampWrites: a.timestampWrites });
  return params;
}
