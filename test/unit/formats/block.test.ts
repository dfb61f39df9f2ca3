import { describe, expect, it } from 'vitest';
import { blockAbsmax, quantizeBlock } from '../../../src/core/formats/block.ts';
import { NF4_CODEBOOK } from '../../../src/core/formats/codebooks.ts';

const f32 = Math.fround;

describe('quantizeBlock', () => {
  it('INT8 with absmax 127 (scale 1) shows round-half-even on exact ties', () => {
    const values = [127, 2.5, 3.5, -2.5, 0.5, 1.5, -127];
    const block = quantizeBlock(values, 'int8');
    expect(block.absmax).toBe(127);
    expect(block.absmaxIndex).toBe(0);
    expect(block.codes).toEqual([127, 2, 4, -2, 0, 2, -127]);
    expect(block.patterns).toEqual([0x7f, 0x02, 0x04, 0xfe, 0x00, 0x02, 0x81]);
    expect(block.dequantized).toEqual([127, 2, 4, -2, 0, 2, -127]);
    expect(block.packedHex).toBe('7f0204fe000281');
    const errors = [0, -0.5, 0.5, 0.5, -0.5, 0.5, 0];
    expect(block.errors).toEqual(errors);
    expect(block.mse).toBeCloseTo(errors.reduce((s, e) => s + e * e, 0) / errors.length, 15);
    expect(block.maxAbsError).toBe(0.5);
    expect(block.maxAbsErrorIndex).toBe(1);
    expect(block.notes).toEqual([]);
  });

  it('INT8 on a general block: codes and dequantized values by hand', () => {
    // absmax 2 → multiplier 63.5: 0.5 → 31.75 → 32; −1 → −63.5 → −64 (tie, even); 0.25 → 15.875 → 16.
    const block = quantizeBlock([0.5, -1, 0.25, 2], 'int8');
    expect(block).toMatchObject({ absmax: 2, absmaxIndex: 3, codes: [32, -64, 16, 127] });
    expect(block.dequantized).toEqual([32, -64, 16, 127].map((c) => f32((c * 2) / 127)));
  });

  it('INT4 with absmax 7 (scale 1)', () => {
    const block = quantizeBlock([7, 0.5, 1.5, -7, 2.5, -3.5], 'int4');
    expect(block.codes).toEqual([7, 0, 2, -7, 2, -4]);
    expect(block.patterns).toEqual([7, 0, 2, 9, 2, 12]);
    expect(block.packedHex).toBe('70292c');
  });

  it('NF4: the element with the largest |x| decodes exactly; others land on table × absmax', () => {
    const block = quantizeBlock([0.1, -0.4, 0.8, -2], 'nf4');
    expect(block).toMatchObject({ absmax: 2, absmaxIndex: 3 });
    expect(block.codes[3]).toBe(0);
    expect(block.dequantized[3]).toBe(-2);
    block.codes.forEach((c, i) => expect(block.dequantized[i]).toBe(f32(NF4_CODEBOOK[c]! * 2)));
  });

  it('an odd NF4 block pads its last byte with the code of 0.0 (7)', () => {
    expect(quantizeBlock([1], 'nf4').packedHex).toBe('f7');
    expect(quantizeBlock([1], 'fp4').packedHex).toBe('30');
  });

  it('an all-zero block: absmax 0, codes 0 as bitsandbytes does (NF4 → −0), with a note', () => {
    const nf4 = quantizeBlock([0, 0, 0], 'nf4');
    expect(nf4.absmax).toBe(0);
    expect(nf4.codes).toEqual([0, 0, 0]);
    expect(nf4.dequantized.every((v) => Object.is(v, -0))).toBe(true);
    expect(nf4.mse).toBe(0);
    expect(nf4.notes.map((n) => n.kind)).toEqual(['zero-block']);
    const int8 = quantizeBlock([0, -0], 'int8');
    expect(int8.codes).toEqual([0, 0]);
    expect(int8.dequantized).toEqual([0, 0]);
  });

  it('a block holding NaN or Inf gets an absmax-invalid error note and does not throw', () => {
    const withNaN = quantizeBlock([1, NaN, 3], 'int8');
    expect(Number.isNaN(withNaN.absmax)).toBe(true);
    expect(withNaN.absmaxIndex).toBe(1);
    expect(withNaN.notes[0]).toMatchObject({ kind: 'absmax-invalid', severity: 'error' });
    expect(withNaN.notes[0]!.message).toMatch(/^absmax must be a positive finite number; got NaN/);
    const withInf = quantizeBlock([1, -Infinity], 'nf4');
    expect(withInf.absmax).toBe(Infinity);
    expect(withInf.notes[0]!.kind).toBe('absmax-invalid');
  });

  it('an empty block is a warning, with null aggregates', () => {
    const block = quantizeBlock([], 'int4');
    expect(block).toMatchObject({ codes: [], mse: null, maxAbsError: null, absmax: null });
    expect(block.notes[0]!.kind).toBe('empty-block');
  });

  it('float formats round element-wise and have no absmax', () => {
    const block = quantizeBlock([5.25, 0.1, 65520], 'fp16');
    expect(block.absmax).toBeNull();
    expect(block.patterns).toEqual([0x4540, 0x2e66, 0x7c00]);
    expect(block.packedHex).toBe('45402e667c00');
    expect(block.maxAbsErrorIndex).toBe(1); // the Inf error is not finite and is left out
  });

  it('blockAbsmax works in float32 and reports the first maximal element', () => {
    expect(blockAbsmax([0.1, -0.1])).toEqual({ absmax: f32(0.1), index: 0 });
    expect(blockAbsmax([1, -3, 3])).toEqual({ absmax: 3, index: 1 });
  });
});
