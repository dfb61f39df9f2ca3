// Small text helpers shared by the codecs: number and bit formatting for explanations.

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

/** "2" + superscript exponent, e.g. pow2(-14) === "2⁻¹⁴". */
export function pow2(exponent: number): string {
  return '2' + [...String(exponent)].map((ch) => SUPERSCRIPT[ch] ?? ch).join('');
}

/**
 * A number for prose: shortest round-trip digits, a typographic "−" for a negative sign (the
 * exponent keeps ASCII "e-8" so it can be copied back), "−0" kept, ±Infinity, NaN.
 */
export function num(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x < 0 || Object.is(x, -0)) return '−' + num(-x);
  return String(x);
}

/** Like num, but integers keep one decimal ("1.0") so table entries read as values. */
export function tableNum(x: number): string {
  return Number.isInteger(x) ? num(x) + (Object.is(x, -0) ? '' : '.0') : num(x);
}

/** `width` bits of `pattern`, most significant first. */
export function toBits(pattern: number, width: number): string {
  return (pattern >>> 0).toString(2).padStart(width, '0').slice(-width);
}

/** "0x" + upper-case hex, one digit per started nibble. */
export function toHex(pattern: number, width: number): string {
  return '0x' + (pattern >>> 0).toString(16).toUpperCase().padStart(Math.ceil(width / 4), '0');
}

/** Unsigned value of bits msb..lsb of a pattern (width ≤ 32). */
export function bitField(pattern: number, msb: number, lsb: number): number {
  const width = msb - lsb + 1;
  const shifted = Math.floor((pattern >>> 0) / 2 ** lsb);
  return shifted % 2 ** width;
}
