import { describe, expect, it } from 'vitest';
import { looksLikeBits, parseBitsInput, parseValueInput } from '../../../src/core/formats/parse.ts';

function valueOf(text: string): number {
  const parsed = parseValueInput(text);
  if (!parsed.ok) throw new Error(`expected "${text}" to parse: ${parsed.message}`);
  return parsed.value;
}

describe('parseValueInput', () => {
  it('reads decimals, exponent notation, fractions and the special values', () => {
    expect(valueOf('5.25')).toBe(5.25);
    expect(valueOf('  -0.1 ')).toBe(-0.1);
    expect(valueOf('+.5')).toBe(0.5);
    expect(valueOf('7.')).toBe(7);
    expect(valueOf('1e-8')).toBe(1e-8);
    expect(valueOf('6.5E4')).toBe(65000);
    expect(valueOf('1/3')).toBe(1 / 3);
    expect(valueOf('-1 / 8')).toBe(-0.125);
    expect(valueOf('1e3/4')).toBe(250);
    expect(Number.isNaN(valueOf('NaN'))).toBe(true);
    expect(Number.isNaN(valueOf('nan'))).toBe(true);
    expect(valueOf('Inf')).toBe(Infinity);
    expect(valueOf('-inf')).toBe(-Infinity);
    expect(valueOf('Infinity')).toBe(Infinity);
    expect(valueOf('-Infinity')).toBe(-Infinity);
    expect(valueOf('∞')).toBe(Infinity);
    expect(Object.is(valueOf('-0'), -0)).toBe(true);
    expect(valueOf('\u22125.25')).toBe(-5.25); // the typographic minus our explanations print
  });

  it('reads numbers beyond the double range, with a note', () => {
    const big = parseValueInput('1e400');
    expect(big).toMatchObject({ ok: true, value: Infinity });
    expect(big.ok && big.note).toContain('beyond the range of a double');
    const small = parseValueInput('1e-400');
    expect(small).toMatchObject({ ok: true, value: 0 });
    expect(small.ok && small.note).toContain('reads as 0');
    expect(parseValueInput('0e5')).toEqual({ ok: true, value: 0 });
  });

  it('rejects empty and non-numeric text with a message saying what is expected', () => {
    for (const text of ['', '   ', 'abc', '5.25.3', '1,5', '--1', 'e5', '1/', 'Infinityy', '5 kg']) {
      const parsed = parseValueInput(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/Enter a decimal \(5\.25\)/);
    }
    const empty = parseValueInput('');
    expect(!empty.ok && empty.message).toMatch(/^The value is empty/);
  });

  it('rejects division by zero and explains bit patterns', () => {
    const zero = parseValueInput('1/0');
    expect(zero.ok).toBe(false);
    expect(!zero.ok && zero.message).toContain('divides by zero');
    const bits = parseValueInput('0x4540');
    expect(!bits.ok && bits.message).toContain('bit pattern');
  });
});

describe('parseBitsInput', () => {
  it('reads hex and binary (with _ or space separators) within the format width', () => {
    expect(parseBitsInput('0x4540', 'fp16')).toEqual({ ok: true, pattern: 0x4540 });
    expect(parseBitsInput('0b0_10001_0101000000', 'fp16')).toEqual({ ok: true, pattern: 0x4540 });
    expect(parseBitsInput('0b0 1111 110', 'fp8-e4m3')).toEqual({ ok: true, pattern: 0x7e });
    expect(parseBitsInput('0xFFFFFFFF', 'fp32')).toEqual({ ok: true, pattern: 0xffffffff });
    expect(parseBitsInput('0xf', 'nf4')).toEqual({ ok: true, pattern: 15 });
  });

  it('rejects patterns wider than the format, and non-patterns', () => {
    const wide = parseBitsInput('0x1FFFF', 'fp16');
    expect(wide.ok).toBe(false);
    expect(!wide.ok && wide.message).toContain('FP16 patterns are 16 bits, 0x0000…0xFFFF');
    expect(parseBitsInput('0x10', 'int4').ok).toBe(false);
    expect(parseBitsInput('5.25', 'fp16').ok).toBe(false);
    expect(parseBitsInput('0xZZ', 'fp16').ok).toBe(false);
  });

  it('looksLikeBits tells patterns from values', () => {
    expect(looksLikeBits('0x4540')).toBe(true);
    expect(looksLikeBits(' 0b1010 ')).toBe(true);
    expect(looksLikeBits('5.25')).toBe(false);
    expect(looksLikeBits('0.5')).toBe(false);
  });
});
