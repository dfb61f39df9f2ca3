// Text → number for the UI's value box and the CLI. Never throws: bad text comes back as
// { ok: false, message } saying what was expected and what was given.

import { FORMATS } from './registry.ts';
import type { FormatId } from './types.ts';
import { toHex } from './text.ts';

export type ParsedValue =
  | { ok: true; value: number; /** e.g. that 1e400 read as Infinity */ note?: string }
  | { ok: false; message: string };

export type ParsedBits = { ok: true; pattern: number } | { ok: false; message: string };

const DECIMAL = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const DECIMAL_ONLY = new RegExp(`^${DECIMAL}$`, 'i');
const FRACTION = new RegExp(`^(${DECIMAL})\\s*/\\s*(${DECIMAL})$`, 'i');
const INFINITY = /^([+-]?)(?:inf|infinity|∞)$/i;
const NAN = /^[+-]?nan$/i;
const HEX_BITS = /^0x([0-9a-f_]+)$/i;
const BINARY_BITS = /^0b([01_ ]+)$/i;

const EXPECTED = 'Enter a decimal (5.25), exponent notation (1e-8), a fraction (1/3), NaN, Inf or -Inf.';

/** Does the text look like a bit pattern (0x… or 0b…) rather than a value? */
export function looksLikeBits(text: string): boolean {
  const trimmed = text.trim();
  return HEX_BITS.test(trimmed) || BINARY_BITS.test(trimmed);
}

function normalise(text: string): string {
  // Accept the typographic minus our own explanations print.
  return text.trim().replace(/\u2212/g, '-');
}

function rangeNote(text: string, value: number): string | undefined {
  if (!Number.isFinite(value)) return `${text} is beyond the range of a double (about ±1.8e308) and reads as ${value}.`;
  if (value === 0 && /[1-9]/.test(text.split(/e/i)[0] ?? '')) return `${text} is below the smallest double (about 4.9e-324) and reads as 0.`;
  return undefined;
}

export function parseValueInput(text: string): ParsedValue {
  const input = normalise(text);
  if (input === '') return { ok: false, message: `The value is empty. ${EXPECTED}` };
  const infinity = INFINITY.exec(input);
  if (infinity) return { ok: true, value: infinity[1] === '-' ? -Infinity : Infinity };
  if (NAN.test(input)) return { ok: true, value: NaN };
  if (DECIMAL_ONLY.test(input)) {
    const value = Number(input);
    const note = rangeNote(input, value);
    return note === undefined ? { ok: true, value } : { ok: true, value, note };
  }
  const fraction = FRACTION.exec(input);
  if (fraction) {
    const numerator = Number(fraction[1]);
    const denominator = Number(fraction[2]);
    if (denominator === 0) {
      return { ok: false, message: `"${text.trim()}" divides by zero, which has no value. Type Inf or -Inf for infinity.` };
    }
    return { ok: true, value: numerator / denominator };
  }
  if (looksLikeBits(input)) {
    return { ok: false, message: `"${text.trim()}" is a bit pattern, not a number; read it as the bits of a format instead.` };
  }
  return { ok: false, message: `"${text.trim()}" is not a number. ${EXPECTED}` };
}

/** "0x4540" or "0b0_10001_0101000000" → a pattern of `format`, checked against its width. */
export function parseBitsInput(text: string, format: FormatId): ParsedBits {
  const info = FORMATS[format];
  const input = text.trim();
  const hex = HEX_BITS.exec(input);
  const binary = BINARY_BITS.exec(input);
  const digits = (hex?.[1] ?? binary?.[1] ?? '').replace(/[_ ]/g, '');
  const range = `${info.name} patterns are ${info.bits} bits, ${toHex(0, info.bits)}…${toHex(2 ** info.bits - 1, info.bits)}`;
  if (digits === '') {
    return { ok: false, message: `"${input}" is not a bit pattern. Write hex (0x4540) or binary (0b0100010101000000); ${range}.` };
  }
  const pattern = Number(BigInt((hex ? '0x' : '0b') + digits) & ((1n << 53n) - 1n));
  const tooWide = BigInt((hex ? '0x' : '0b') + digits) >= 1n << BigInt(info.bits);
  if (tooWide) return { ok: false, message: `"${input}" does not fit: ${range}.` };
  return { ok: true, pattern };
}
