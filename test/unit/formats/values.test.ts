import { describe, expect, it } from 'vitest';
import { representableValues } from '../../../src/core/formats/values.ts';
import { FORMATS } from '../../../src/core/formats/registry.ts';

describe('representableValues (number lines)', () => {
  it('INT4 at absmax 7: the 16 codes −8…7 in order, −8 marked as never produced', () => {
    const { values, absmax } = representableValues('int4', 7);
    expect(absmax).toBe(7);
    expect(values.map((v) => v.value)).toEqual([-8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7]);
    expect(values[0]).toMatchObject({ code: -8, bits: '1000', produced: false });
    expect(values.filter((v) => !v.produced)).toHaveLength(1);
  });

  it('NF4 at absmax 2: table × 2 ascending', () => {
    const { values } = representableValues('nf4', 2);
    expect(values).toHaveLength(16);
    expect(values.map((v) => v.code)).toEqual([...Array(16).keys()]);
    expect(values[0]!.value).toBe(-2);
    expect(values[15]!.value).toBe(2);
  });

  it('FP4 at absmax 12: both zeros (−0 first, never produced), magnitudes in twelfths × 12', () => {
    const { values } = representableValues('fp4', 12);
    expect(values.map((v) => v.value)).toEqual([-12, -8, -6, -4, -3, -2, -0.0625, -0, 0, 0.0625, 2, 3, 4, 6, 8, 12]);
    expect(Object.is(values[7]!.value, -0)).toBe(true);
    expect(values[7]).toMatchObject({ pattern: 8, produced: false });
  });

  it('FP8 formats list every non-NaN pattern; wider formats are refused with a note', () => {
    expect(representableValues('fp8-e4m3').values).toHaveLength(254);
    expect(representableValues('fp8-e5m2').values).toHaveLength(250);
    const wide = representableValues('fp16');
    expect(wide.values).toEqual([]);
    expect(wide.notes[0]!.kind).toBe('too-many-values');
    expect(FORMATS.int8.bits).toBe(8);
    expect(representableValues('int8', 127).values).toHaveLength(256);
  });

  it('absmax: defaults to 1 with a note; invalid values give an error note and no values', () => {
    const fallback = representableValues('nf4');
    expect(fallback.absmax).toBe(1);
    expect(fallback.notes[0]!.kind).toBe('absmax-assumed');
    for (const absmax of [0, -1, NaN, Infinity]) {
      const bad = representableValues('int4', absmax);
      expect(bad.values).toEqual([]);
      expect(bad.notes[0]).toMatchObject({ kind: 'absmax-invalid', severity: 'error' });
    }
  });
});
