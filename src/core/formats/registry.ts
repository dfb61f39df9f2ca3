// The catalogue of formats: names, widths and field layouts for labels, colouring and the CLI.

import type { FieldLayout, FormatId, FormatInfo } from './types.ts';

function floatFields(expBits: number, manBits: number): FieldLayout[] {
  const width = 1 + expBits + manBits;
  return [
    { name: 'sign', msb: width - 1, lsb: width - 1 },
    { name: 'exponent', msb: width - 2, lsb: manBits },
    { name: 'mantissa', msb: manBits - 1, lsb: 0 },
  ];
}

export const FORMATS: Readonly<Record<FormatId, FormatInfo>> = Object.freeze({
  fp32: {
    id: 'fp32', name: 'FP32', title: 'FP32 — IEEE 754 single precision (1 sign, 8 exponent, 23 mantissa bits, bias 127)',
    bits: 32, kind: 'float', fields: floatFields(8, 23), needsAbsmax: false,
  },
  fp16: {
    id: 'fp16', name: 'FP16', title: 'FP16 — IEEE 754 half precision (1 sign, 5 exponent, 10 mantissa bits, bias 15)',
    bits: 16, kind: 'float', fields: floatFields(5, 10), needsAbsmax: false,
  },
  bf16: {
    id: 'bf16', name: 'BF16', title: 'BF16 — bfloat16 (1 sign, 8 exponent, 7 mantissa bits, bias 127): FP32 range, less precision',
    bits: 16, kind: 'float', fields: floatFields(8, 7), needsAbsmax: false,
  },
  'fp8-e4m3': {
    id: 'fp8-e4m3', name: 'FP8 E4M3', title: 'FP8 E4M3 (OCP, "e4m3fn"): 1 sign, 4 exponent, 3 mantissa bits, bias 7, max 448, no infinities',
    bits: 8, kind: 'float', fields: floatFields(4, 3), needsAbsmax: false,
  },
  'fp8-e5m2': {
    id: 'fp8-e5m2', name: 'FP8 E5M2', title: 'FP8 E5M2 (OCP): 1 sign, 5 exponent, 2 mantissa bits, bias 15, max 57344, with infinities',
    bits: 8, kind: 'float', fields: floatFields(5, 2), needsAbsmax: false,
  },
  int8: {
    id: 'int8', name: 'INT8', title: "INT8 — two's-complement code × scale (absmax/127), symmetric absmax quantization",
    bits: 8, kind: 'int', fields: [{ name: 'code', msb: 7, lsb: 0 }], needsAbsmax: true,
  },
  int4: {
    id: 'int4', name: 'INT4', title: "INT4 — two's-complement code × scale (absmax/7), symmetric absmax quantization",
    bits: 4, kind: 'int', fields: [{ name: 'code', msb: 3, lsb: 0 }], needsAbsmax: true,
  },
  fp4: {
    id: 'fp4', name: 'FP4', title: "FP4 (bitsandbytes) — a 16-entry table (sign + 3-bit magnitude) × block absmax",
    bits: 4, kind: 'codebook',
    fields: [{ name: 'sign', msb: 3, lsb: 3 }, { name: 'magnitude', msb: 2, lsb: 0 }],
    needsAbsmax: true,
  },
  nf4: {
    id: 'nf4', name: 'NF4', title: 'NF4 (bitsandbytes) — index into 16 normal-quantile values in [−1, 1] × block absmax',
    bits: 4, kind: 'codebook', fields: [{ name: 'index', msb: 3, lsb: 0 }], needsAbsmax: true,
  },
});

export const FORMAT_IDS: readonly FormatId[] = Object.freeze(Object.keys(FORMATS) as FormatId[]);

export function isFormatId(text: string): text is FormatId {
  return Object.prototype.hasOwnProperty.call(FORMATS, text);
}
