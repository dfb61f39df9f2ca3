// 8-bit weight quantization, two flavours.
//
// LLM.int8 (bitsandbytes, formats.md §2): the weight [out, in] is first cast to fp16 (RNE);
// SCB[row] = max|w16| over the row, as float32; CB = round_half_even(w16 · (127 / SCB)) as int8,
// with 127/SCB a correctly rounded float32 quotient (bitsandbytes' torch reference; its CUDA
// kernel uses the approximate __fdividef). Dequantize as bitsandbytes does:
// float32(float32(CB · SCB) · 7.874015718698502e-3), the float32 nearest 1/127.
// An all-zero row has SCB 0 and codes 0; NaN gives code 0.
//
// Per-channel int8 for ONNX DequantizeLinear (axis 1 of an [in, out] initializer, i.e. one scale
// per output channel), as onnxruntime.quantization's symmetric weight quantizer does it:
// scale = absmax/127 in float32 (1.0 when that is below float32's smallest normal, e.g. an
// all-zero column), zero point 0, q = clip(round_half_even(x / scale), −127, 127) with a correctly
// rounded float32 quotient. DequantizeLinear: x̂ = float32(q · scale).
import { f16BitsToF32, f32ToF16Bits } from '../formats/half.ts';
import { colAbsmax, rowAbsmax } from './absmax.ts';
import { divF, mulF, roundHalfEven } from './float32.ts';
import { transposeF32, type WeightLayout } from './layout.ts';
import { requireLength, requireNoNaNScales, requireNonEmpty, requireShape } from './validate.ts';

export const INV_127_F32 = Math.fround(1 / 127);
const MIN_NORMAL = 2 ** -126;

export interface Int8RowwiseOptions {
  /** Shape as stored: [rows, cols]. With layout 'in-out' the rows are the INPUT features. */
  rows: number;
  cols: number;
  layout: WeightLayout;
}

export interface Int8Rowwise {
  /** [out, in] row-major int8 codes (bitsandbytes' CB). */
  codes: Int8Array;
  /** float32 absmax per output row (SCB). */
  scb: Float32Array;
  outFeatures: number;
  inFeatures: number;
}

export function int8Code(v: number, min = -127, max = 127): number {
  const r = roundHalfEven(v);
  if (Number.isNaN(r)) return 0;
  return r < min ? min : r > max ? max : r;
}

/** float32 → fp16 (RNE) → float32: the values LLM.int8 quantizes. */
export function roundToF16(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f16BitsToF32(f32ToF16Bits(x[i]!));
  return out;
}

export function quantizeInt8Rowwise(w: Float32Array, o: Int8RowwiseOptions): Int8Rowwise {
  requireNonEmpty('quantizeInt8Rowwise', w.length);
  requireShape('quantizeInt8Rowwise', w.length, o.rows, o.cols);
  const [outF, inF] = o.layout === 'in-out' ? [o.cols, o.rows] : [o.rows, o.cols];
  const w16 = roundToF16(o.layout === 'in-out' ? transposeF32(w, o.rows, o.cols) : w);
  const scb = rowAbsmax(w16, outF, inF);
  const codes = new Int8Array(w.length);
  for (let r = 0; r < outF; r++) {
    const scale = divF(127, scb[r]!);
    for (let c = 0; c < inF; c++) codes[r * inF + c] = int8Code(mulF(w16[r * inF + c]!, scale));
  }
  return { codes, scb, outFeatures: outF, inFeatures: inF };
}

/** [out, in] float32 weights back from CB and SCB. */
export function dequantizeInt8Rowwise(q: Int8Rowwise): Float32Array {
  requireNonEmpty('dequantizeInt8Rowwise', q.codes.length);
  requireLength('dequantizeInt8Rowwise', 'codes', q.codes.length, q.outFeatures * q.inFeatures);
  requireLength('dequantizeInt8Rowwise', 'SCB', q.scb.length, q.outFeatures);
  requireNoNaNScales('dequantizeInt8Rowwise', 'SCB values', q.scb);
  const out = new Float32Array(q.codes.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = mulF(mulF(q.codes[i]!, q.scb[Math.floor(i / q.inFeatures)]!), INV_127_F32);
  }
  return out;
}

export interface Int8PerChannel {
  /** Same [in, out] layout as the weight. */
  codes: Int8Array;
  /** One float32 scale per output channel (column). */
  scales: Float32Array;
  rows: number;
  cols: number;
}

export function perChannelScale(absmax: number): number {
  const s = divF(absmax, 127);
  return s >= MIN_NORMAL ? s : 1;
}

/** Per-output-channel symmetric int8 of an [in, out] = [rows, cols] initializer (axis 1). */
export function quantizeInt8PerChannel(w: Float32Array, rows: number, cols: number): Int8PerChannel {
  requireNonEmpty('quantizeInt8PerChannel', w.length);
  requireShape('quantizeInt8PerChannel', w.length, rows, cols);
  const scales = colAbsmax(w, rows, cols).map(perChannelScale);
  const codes = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) codes[i] = int8Code(divF(w[i]!, scales[i % cols]!));
  return { codes, scales, rows, cols };
}

export function dequantizeInt8PerChannel(q: Int8PerChannel): Float32Array {
  requireNonEmpty('dequantizeInt8PerChannel', q.codes.length);
  requireShape('dequantizeInt8PerChannel', q.codes.length, q.rows, q.cols);
  requireLength('dequantizeInt8PerChannel', 'scales', q.scales.length, q.cols);
  requireNoNaNScales('dequantizeInt8PerChannel', 'scales', q.scales);
  const out = new Float32Array(q.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = mulF(q.codes[i]!, q.scales[i % q.cols]!);
  return out;
}
