// A generic binary floating-point codec: 1 sign bit, E exponent bits, M mantissa bits, a
// bias, and one of two conventions for the all-ones exponent (IEEE 754 infinities/NaNs, or
// OCP E4M3's "finite, one NaN per sign"). FP32, FP16, BF16, E4M3 and E5M2 are all instances.
//
// Rounding is exact: the input double is split into its integer significand and exponent
// from its bit pattern (DataView), and the dropped bits are rounded to nearest, ties to even,
// with BigInt arithmetic. There is no intermediate float32 step, so nothing is rounded twice.

import type { Field } from './types.ts';
import { bitField, num, pow2, toBits } from './text.ts';

export interface BinaryFloatSpec {
  /** Label used in prose, e.g. "FP16". */
  name: string;
  expBits: number;
  manBits: number;
  bias: number;
  /**
   * 'ieee': the all-ones exponent holds ±Infinity (mantissa 0) and NaNs.
   * 'finite-nan': no infinities; only S.1…1.1…1 is NaN and the rest of the top binade is finite.
   */
  specials: 'ieee' | 'finite-nan';
  /** The NaN pattern produced when the input is NaN. */
  canonicalNaN: number;
}

export const FP32_SPEC: BinaryFloatSpec = {
  name: 'FP32', expBits: 8, manBits: 23, bias: 127, specials: 'ieee', canonicalNaN: 0x7fc00000,
};
export const FP16_SPEC: BinaryFloatSpec = {
  name: 'FP16', expBits: 5, manBits: 10, bias: 15, specials: 'ieee', canonicalNaN: 0x7e00,
};
export const BF16_SPEC: BinaryFloatSpec = {
  name: 'BF16', expBits: 8, manBits: 7, bias: 127, specials: 'ieee', canonicalNaN: 0x7fc0,
};

export type FloatClass = 'zero' | 'subnormal' | 'normal' | 'infinite' | 'nan';

/** What rounding did besides producing a pattern. */
export type FloatOverflow = 'none' | 'to-inf' | 'to-nan' | 'saturated';

export interface FloatEncoding {
  pattern: number;
  overflow: FloatOverflow;
  /** A non-zero finite input rounded to ±0. */
  underflowToZero: boolean;
  /** A non-zero result with the minimum exponent and no leading 1. */
  subnormal: boolean;
  inexact: boolean;
}

export function widthOf(spec: BinaryFloatSpec): number {
  return 1 + spec.expBits + spec.manBits;
}

function signBitOf(spec: BinaryFloatSpec): number {
  return 2 ** (widthOf(spec) - 1);
}

/** Pattern of the largest finite positive value. */
export function maxFinitePattern(spec: BinaryFloatSpec): number {
  const topExponent = 2 ** spec.expBits - 1;
  const allOnesMantissa = 2 ** spec.manBits - 1;
  return spec.specials === 'ieee'
    ? (topExponent - 1) * 2 ** spec.manBits + allOnesMantissa
    : topExponent * 2 ** spec.manBits + allOnesMantissa - 1;
}

export function maxFinite(spec: BinaryFloatSpec): number {
  return decodeBinaryFloat(spec, maxFinitePattern(spec));
}

export function minNormal(spec: BinaryFloatSpec): number {
  return 2 ** (1 - spec.bias);
}

export function minSubnormal(spec: BinaryFloatSpec): number {
  return 2 ** (1 - spec.bias - spec.manBits);
}

function split(spec: BinaryFloatSpec, pattern: number) {
  const width = widthOf(spec);
  return {
    negative: bitField(pattern, width - 1, width - 1) === 1,
    exponent: bitField(pattern, width - 2, spec.manBits),
    mantissa: bitField(pattern, spec.manBits - 1, 0),
  };
}

export function classifyPattern(spec: BinaryFloatSpec, pattern: number): FloatClass {
  const { exponent, mantissa } = split(spec, pattern);
  const topExponent = 2 ** spec.expBits - 1;
  if (exponent === topExponent) {
    if (spec.specials === 'ieee') return mantissa === 0 ? 'infinite' : 'nan';
    if (mantissa === 2 ** spec.manBits - 1) return 'nan';
  }
  if (exponent === 0) return mantissa === 0 ? 'zero' : 'subnormal';
  return 'normal';
}

/** The exact value of a bit pattern (every value of these formats is a double). */
export function decodeBinaryFloat(spec: BinaryFloatSpec, pattern: number): number {
  const { negative, exponent, mantissa } = split(spec, pattern);
  const cls = classifyPattern(spec, pattern);
  if (cls === 'nan') return NaN;
  if (cls === 'infinite') return negative ? -Infinity : Infinity;
  const magnitude =
    exponent === 0
      ? mantissa * 2 ** (1 - spec.bias - spec.manBits)
      : (2 ** spec.manBits + mantissa) * 2 ** (exponent - spec.bias - spec.manBits);
  return negative ? -magnitude : magnitude;
}

const scratch = new DataView(new ArrayBuffer(8));

/** A positive finite double as an exact integer significand and a power of two. */
function exactParts(magnitude: number): { significand: bigint; exponent: number } {
  scratch.setFloat64(0, magnitude);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = hi >>> 20;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  return biased === 0
    ? { significand: fraction, exponent: -1074 }
    : { significand: fraction | (1n << 52n), exponent: biased - 1075 };
}

function overflowed(spec: BinaryFloatSpec, sign: number, saturate: boolean): FloatEncoding {
  const base = { underflowToZero: false, subnormal: false, inexact: true };
  if (saturate) return { ...base, pattern: sign + maxFinitePattern(spec), overflow: 'saturated' };
  if (spec.specials === 'ieee') {
    const infinity = (2 ** spec.expBits - 1) * 2 ** spec.manBits;
    return { ...base, pattern: sign + infinity, overflow: 'to-inf' };
  }
  // E4M3 without saturation: overflow is NaN, and (as in PyTorch) it keeps the input's sign.
  return { ...base, pattern: sign + (signBitOf(spec) - 1), overflow: 'to-nan' };
}

/**
 * Rounds a double to the nearest value of the format, ties to even. `saturate` clamps
 * overflow (and ±Infinity) to ±max finite — the OCP FP8 "saturating" conversion.
 */
export function encodeBinaryFloat(spec: BinaryFloatSpec, x: number, saturate = false): FloatEncoding {
  const exact = { overflow: 'none' as const, underflowToZero: false, subnormal: false, inexact: false };
  if (Number.isNaN(x)) return { ...exact, pattern: spec.canonicalNaN };
  const sign = x < 0 || Object.is(x, -0) ? signBitOf(spec) : 0;
  const magnitude = Math.abs(x);
  if (magnitude === 0) return { ...exact, pattern: sign };
  if (magnitude === Infinity) {
    if (spec.specials === 'ieee' && !saturate) {
      return { ...exact, pattern: sign + (2 ** spec.expBits - 1) * 2 ** spec.manBits };
    }
    return overflowed(spec, sign, saturate);
  }

  const { significand, exponent } = exactParts(magnitude);
  const leadingExponent = significand.toString(2).length - 1 + exponent;
  const minExponent = 1 - spec.bias;
  // The value's quantum: one unit in the last mantissa place of its binade (or of the
  // subnormal range). Everything below it is dropped with round-half-even.
  let quantumExponent = Math.max(leadingExponent, minExponent) - spec.manBits;
  const dropped = quantumExponent - exponent;
  let units: bigint;
  let inexact = false;
  if (dropped <= 0) {
    units = significand << BigInt(-dropped);
  } else {
    const shift = BigInt(dropped);
    units = significand >> shift;
    const remainder = significand & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    inexact = remainder !== 0n;
    if (remainder > half || (remainder === half && (units & 1n) === 1n)) units += 1n;
  }
  if (units === 0n) return { ...exact, pattern: sign, underflowToZero: true, inexact: true };
  if (units === 1n << BigInt(spec.manBits + 1)) {
    units >>= 1n; // rounding carried into the next binade
    quantumExponent += 1;
  }
  const implicitOne = 1n << BigInt(spec.manBits);
  const subnormal = units < implicitOne;
  const biasedExponent = subnormal ? 0 : quantumExponent + spec.manBits + spec.bias;
  const mantissa = Number(subnormal ? units : units - implicitOne);
  const topExponent = 2 ** spec.expBits - 1;
  const tooLarge =
    spec.specials === 'ieee'
      ? biasedExponent >= topExponent
      : biasedExponent > topExponent ||
        (biasedExponent === topExponent && mantissa === 2 ** spec.manBits - 1);
  if (tooLarge) return overflowed(spec, sign, saturate);
  return {
    pattern: sign + biasedExponent * 2 ** spec.manBits + mantissa,
    overflow: 'none',
    underflowToZero: false,
    subnormal,
    inexact,
  };
}

/**
 * The pattern of the next representable value in the given direction (by value, so −0 and
 * +0 count as one point), or null past the ends or from NaN. Infinities are representable
 * neighbours in IEEE formats; NaN never is.
 */
export function adjacentPattern(spec: BinaryFloatSpec, pattern: number, direction: 1 | -1): number | null {
  if (classifyPattern(spec, pattern) === 'nan') return null;
  const signBit = signBitOf(spec);
  const magnitudeMask = signBit - 1;
  const magnitude = pattern % signBit;
  const ordinal = (pattern >= signBit ? -magnitude : magnitude) + direction;
  if (Math.abs(ordinal) > magnitudeMask) return null;
  const next = ordinal < 0 ? signBit - ordinal : ordinal;
  return classifyPattern(spec, next) === 'nan' ? null : next;
}

export interface FloatPatternReading {
  fields: Field[];
  decoded: number;
  cls: FloatClass;
  explanation: string;
}

/** Fields and the arithmetic spelled out for one pattern. */
export function readFloatPattern(spec: BinaryFloatSpec, pattern: number): FloatPatternReading {
  const width = widthOf(spec);
  const { negative, exponent, mantissa } = split(spec, pattern);
  const cls = classifyPattern(spec, pattern);
  const decoded = decodeBinaryFloat(spec, pattern);
  const M = spec.manBits;
  const scale = 2 ** M;
  const minExponent = 1 - spec.bias;
  const signWord = negative ? '−' : '';
  const fraction = mantissa / scale;

  let exponentMeaning: string;
  let unbiased: number | undefined;
  let mantissaMeaning: string;
  let explanation: string;
  switch (cls) {
    case 'normal':
      unbiased = exponent - spec.bias;
      exponentMeaning = `stored ${exponent} − bias ${spec.bias} = ${num(unbiased)}`;
      mantissaMeaning = `1 + ${mantissa}/${scale} = ${num(1 + fraction)}`;
      explanation =
        `stored exponent ${exponent} − bias ${spec.bias} = ${num(unbiased)}; ` +
        `${signWord}${num(1 + fraction)} × ${pow2(unbiased)} = ${num(decoded)}`;
      break;
    case 'subnormal':
    case 'zero':
      unbiased = minExponent;
      exponentMeaning = `stored 0: no leading 1, exponent fixed at 1 − bias ${spec.bias} = ${num(minExponent)}`;
      mantissaMeaning = `0 + ${mantissa}/${scale} = ${num(fraction)}`;
      explanation =
        cls === 'zero'
          ? `zero: stored exponent and mantissa are all 0; the sign bit makes it ${negative ? '−0' : '+0'}`
          : `subnormal: ${signWord}${num(fraction)} × ${pow2(minExponent)} = ${num(decoded)}`;
      break;
    case 'infinite':
      exponentMeaning = `all ones (${exponent}): infinity or NaN`;
      mantissaMeaning = '0: infinity';
      explanation = `stored exponent all ones (${exponent}) with mantissa 0: ${num(decoded)}`;
      break;
    case 'nan':
      exponentMeaning =
        spec.specials === 'ieee' ? `all ones (${exponent}): infinity or NaN` : `all ones (${exponent})`;
      mantissaMeaning = spec.specials === 'ieee' ? 'not 0: NaN' : 'all ones: NaN';
      explanation =
        spec.specials === 'ieee'
          ? `stored exponent all ones (${exponent}) with mantissa ≠ 0: NaN (not a number)`
          : `S.${'1'.repeat(spec.expBits)}.${'1'.repeat(M)} is ${spec.name}'s only NaN pattern; ` +
            `${spec.name} has no infinities`;
      break;
  }
  const fields: Field[] = [
    {
      name: 'sign', msb: width - 1, lsb: width - 1, bits: negative ? '1' : '0',
      stored: negative ? 1 : 0, meaning: negative ? '1: negative' : '0: positive',
    },
    {
      name: 'exponent', msb: width - 2, lsb: M, bits: toBits(exponent, spec.expBits),
      stored: exponent, bias: spec.bias, ...(unbiased === undefined ? {} : { unbiased }),
      meaning: exponentMeaning,
    },
    {
      name: 'mantissa', msb: M - 1, lsb: 0, bits: toBits(mantissa, M), stored: mantissa,
      meaning: mantissaMeaning,
    },
  ];
  return { fields, decoded, cls, explanation };
}
