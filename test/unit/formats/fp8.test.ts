import { describe, expect, it } from 'vitest';
import { e4m3Decode, e4m3Encode, e5m2Decode, e5m2Encode } from '../../../src/core/formats/fp8.ts';

// The OCP OFP8 value tables, computed here from the definition, not from the codec:
// E4M3: bias 7, S.1111.111 is NaN (both signs), no infinities; E5M2: bias 15, IEEE-like.
function ocpE4M3(pattern: number): number {
  const sign = pattern & 0x80 ? -1 : 1;
  const e = (pattern >> 3) & 0xf;
  const m = pattern & 0x7;
  if (e === 15 && m === 7) return NaN;
  return e === 0 ? sign * (m / 8) * 2 ** -6 : sign * (1 + m / 8) * 2 ** (e - 7);
}

function ocpE5M2(pattern: number): number {
  const sign = pattern & 0x80 ? -1 : 1;
  const e = (pattern >> 2) & 0x1f;
  const m = pattern & 0x3;
  if (e === 31) return m === 0 ? sign * Infinity : NaN;
  return e === 0 ? sign * (m / 4) * 2 ** -14 : sign * (1 + m / 4) * 2 ** (e - 15);
}

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}

describe('FP8 E4M3 (OCP)', () => {
  it('all 256 patterns decode to the OCP table and finite ones re-encode to themselves', () => {
    for (let p = 0; p < 256; p++) {
      const value = e4m3Decode(p);
      expect(same(value, ocpE4M3(p)), `pattern 0x${p.toString(16)}`).toBe(true);
      if (!Number.isNaN(value)) expect(e4m3Encode(value).pattern).toBe(p);
    }
  });

  it('has exactly two NaN patterns, no infinities, max 448 and min subnormal 2^-9', () => {
    const values = Array.from({ length: 256 }, (_, p) => e4m3Decode(p));
    expect(values.filter(Number.isNaN)).toHaveLength(2);
    expect(Number.isNaN(e4m3Decode(0x7f)) && Number.isNaN(e4m3Decode(0xff))).toBe(true);
    expect(values.some((v) => v === Infinity || v === -Infinity)).toBe(false);
    expect(e4m3Decode(0x7e)).toBe(448);
    expect(e4m3Decode(0xfe)).toBe(-448);
    expect(e4m3Decode(0x01)).toBe(2 ** -9);
    expect(e4m3Decode(0x08)).toBe(2 ** -6);
    expect(e4m3Decode(0x78)).toBe(256); // S.1111.000 is finite in E4M3
  });

  it('overflow: NaN when not saturating, ±448 when saturating (Inf too); 464 ties down to 448', () => {
    expect(e4m3Encode(449).pattern).toBe(0x7e); // rounds to 448 either way
    expect(e4m3Encode(449, true).pattern).toBe(0x7e);
    expect(e4m3Encode(464)).toMatchObject({ pattern: 0x7e, overflow: 'none' }); // tie → even 448
    expect(e4m3Encode(464.0001)).toMatchObject({ pattern: 0x7f, overflow: 'to-nan' });
    expect(e4m3Encode(-500)).toMatchObject({ pattern: 0xff, overflow: 'to-nan' }); // sign kept, like torch
    expect(e4m3Encode(500, true)).toMatchObject({ pattern: 0x7e, overflow: 'saturated' });
    expect(e4m3Encode(Infinity)).toMatchObject({ pattern: 0x7f, overflow: 'to-nan' });
    expect(e4m3Encode(Infinity, true)).toMatchObject({ pattern: 0x7e, overflow: 'saturated' });
    expect(e4m3Encode(-Infinity, true).pattern).toBe(0xfe);
    expect(e4m3Encode(NaN).pattern).toBe(0x7f);
    expect(e4m3Encode(NaN, true).pattern).toBe(0x7f);
  });

  it('underflow: half the smallest subnormal ties to 0, a hair more rounds up', () => {
    expect(e4m3Encode(2 ** -10)).toMatchObject({ pattern: 0, underflowToZero: true });
    expect(e4m3Encode(2 ** -10 * 1.001).pattern).toBe(0x01);
    expect(e4m3Encode(-(2 ** -11)).pattern).toBe(0x80); // −0
    expect(e4m3Encode(3 * 2 ** -10)).toMatchObject({ pattern: 0x02, subnormal: true }); // 1.5 steps → even 2
  });
});

describe('FP8 E5M2 (OCP)', () => {
  it('all 256 patterns decode to the OCP table and non-NaN ones re-encode to themselves', () => {
    for (let p = 0; p < 256; p++) {
      const value = e5m2Decode(p);
      expect(same(value, ocpE5M2(p)), `pattern 0x${p.toString(16)}`).toBe(true);
      if (!Number.isNaN(value)) expect(e5m2Encode(value).pattern).toBe(p);
    }
  });

  it('has ±Inf at S.11111.00, six NaN patterns, max 57344', () => {
    expect(e5m2Decode(0x7c)).toBe(Infinity);
    expect(e5m2Decode(0xfc)).toBe(-Infinity);
    expect(Array.from({ length: 256 }, (_, p) => e5m2Decode(p)).filter(Number.isNaN)).toHaveLength(6);
    expect(e5m2Decode(0x7b)).toBe(57344);
    expect(e5m2Decode(0x01)).toBe(2 ** -16);
  });

  it('overflow: Inf when not saturating (61440 is the tie, max is odd → Inf), ±57344 when saturating', () => {
    expect(e5m2Encode(61439).pattern).toBe(0x7b);
    expect(e5m2Encode(61440)).toMatchObject({ pattern: 0x7c, overflow: 'to-inf' });
    expect(e5m2Encode(1e6, true)).toMatchObject({ pattern: 0x7b, overflow: 'saturated' });
    expect(e5m2Encode(Infinity)).toMatchObject({ pattern: 0x7c, overflow: 'none' });
    expect(e5m2Encode(-Infinity, true)).toMatchObject({ pattern: 0xfb, overflow: 'saturated' });
    expect(e5m2Encode(NaN).pattern).toBe(0x7e);
  });
});
