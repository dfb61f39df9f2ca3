// Symmetric absmax integer quantization (INT8 as in LLM.int8's weight rows, INT4 likewise):
//   code = round_half_even(f32(x) · f32(qmax / absmax)), clamped to ±qmax  (qmax 127 or 7)
//   value = code · absmax / qmax, rounded to float32
// The multiply happens in float32, as torch does with a float32 tensor and a float32 scale.
// Codes are two's complement. The quantizer never produces −128 (INT8) or −8 (INT4): the
// range is symmetric, so +absmax and −absmax both land exactly on a code. Those patterns
// still decode (code × scale) when someone flips bits by hand.

import type { Field } from './types.ts';
import { num, toBits } from './text.ts';

const f32 = Math.fround;

export type IntFormatId = 'int8' | 'int4';

export interface IntSpec {
  id: IntFormatId;
  name: string;
  bits: number;
  /** Largest code the quantizer produces; also the divisor of the scale. */
  qmax: number;
}

export const INT8_SPEC: IntSpec = { id: 'int8', name: 'INT8', bits: 8, qmax: 127 };
export const INT4_SPEC: IntSpec = { id: 'int4', name: 'INT4', bits: 4, qmax: 7 };

/** Round to nearest integer, ties to even (like torch.round); exact for every double. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  const fraction = x - floor;
  const rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return rounded + 0; // never −0
}

export interface IntEncoding {
  code: number;
  /** f32(x) · f32(qmax / absmax) before rounding. */
  scaled: number;
  /** The rounded value was beyond ±qmax and was clamped. */
  clamped: boolean;
}

export function intEncode(spec: IntSpec, x: number, absmax: number): IntEncoding {
  const scaled = f32(f32(x) * f32(spec.qmax / f32(absmax)));
  if (Number.isNaN(scaled)) return { code: 0, scaled, clamped: false };
  const rounded = roundHalfEven(scaled);
  const code = Math.min(spec.qmax, Math.max(-spec.qmax, rounded));
  return { code, scaled, clamped: code !== rounded };
}

/** code · absmax / qmax: the product is exact in double, then one division, then float32. */
export function intDecode(spec: IntSpec, code: number, absmax: number): number {
  return f32((code * f32(absmax)) / spec.qmax);
}

export function intPatternOf(spec: IntSpec, code: number): number {
  return code < 0 ? code + 2 ** spec.bits : code;
}

export function intCodeOf(spec: IntSpec, pattern: number): number {
  return pattern >= 2 ** (spec.bits - 1) ? pattern - 2 ** spec.bits : pattern;
}

export interface IntPatternReading {
  fields: Field[];
  code: number;
  decoded: number;
  explanation: string;
}

export function readIntPattern(spec: IntSpec, pattern: number, absmax: number): IntPatternReading {
  const code = intCodeOf(spec, pattern);
  const bits = toBits(pattern, spec.bits);
  const decoded = intDecode(spec, code, absmax);
  const unused = code < -spec.qmax ? ' (never produced by symmetric absmax quantization)' : '';
  const fields: Field[] = [
    {
      name: 'code', msb: spec.bits - 1, lsb: 0, bits, stored: pattern, signed: code,
      meaning: `two's complement: ${bits} = ${num(code)}${unused}`,
    },
  ];
  const explanation = `code ${num(code)} × scale (${num(f32(absmax))}/${spec.qmax}) = ${num(decoded)}`;
  return { fields, code, decoded, explanation };
}
