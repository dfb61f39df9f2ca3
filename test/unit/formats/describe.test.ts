import { describe, expect, it } from 'vitest';
import {
  FORMATS, FORMAT_IDS, describeBits, describeValue, stepValue, type FormatId, type ValueDescription,
} from '../../../src/core/formats/index.ts';
import { bitsOfFloat32 } from './reference.ts';

const PRESETS = [5.25, 0.1, 1 / 3, 65504, 65520, 1e-8, 448, 449, -0, NaN, Infinity, -Infinity, 65519, 3e-5];
const f32 = Math.fround;

function kinds(d: ValueDescription): string[] {
  return d.notes.map((n) => n.kind);
}

describe('known answers', () => {
  // Expected patterns worked out by hand from sign/exponent/mantissa (see comments), or from
  // the engine's own float32 conversion (DataView) for FP32 — never from the code under test.
  const cases: Array<[number, FormatId, number, number?]> = [
    [5.25, 'fp32', 0x40a80000],
    [5.25, 'fp16', 0x4540], // 0 10001 0101000000: 1.3125 × 2²
    [5.25, 'bf16', 0x40a8],
    [5.25, 'fp8-e4m3', 0x4a, 5], // 1.3125 is a tie between m=2 and m=3 → even m=2: 1.25 × 4
    [5.25, 'fp8-e5m2', 0x45, 5],
    [0.1, 'fp16', 0x2e66],
    [0.1, 'bf16', 0x3dcd], // f32 0x3DCCCCCD, low half 0xCCCD > 0x8000 → up
    [0.1, 'fp8-e4m3', 0x1d, 0.1015625], // 1.6 × 8 = 12.8 → m 5: 1.625 × 2⁻⁴
    [0.1, 'fp8-e5m2', 0x2e, 0.09375], // 1.6 × 4 = 6.4 → m 2: 1.5 × 2⁻⁴
    [1 / 3, 'fp16', 0x3555],
    [1 / 3, 'bf16', 0x3eab],
    [1 / 3, 'fp8-e4m3', 0x2b, 0.34375],
    [1 / 3, 'fp8-e5m2', 0x35, 0.3125],
    [65504, 'fp16', 0x7bff, 65504],
    [65504, 'bf16', 0x4780, 65536], // 0x477FE000: low half 0xE000 → up to 2¹⁶
    [65519, 'fp16', 0x7bff, 65504],
    [65520, 'fp16', 0x7c00, Infinity],
    [65520, 'fp32', 0x477ff000, 65520],
    [65504, 'fp8-e5m2', 0x7c, Infinity], // beyond 57344 + half step 4096
    [1e-8, 'fp16', 0x0000, 0],
    [1e-8, 'bf16', 0x322c], // 1e-8 = 1.342… × 2⁻²⁷: exponent 100, mantissa round(0.342·128) = 44
    [448, 'fp16', 0x5f00],
    [448, 'fp8-e4m3', 0x7e, 448],
    [448, 'fp8-e5m2', 0x5f, 448],
    [449, 'fp8-e4m3', 0x7e, 448],
    [449, 'fp16', 0x5f04, 449],
    [449, 'bf16', 0x43e0, 448], // f32 0x43E08000 is a tie; 0x43E0 is even
    [-0, 'fp16', 0x8000, -0],
    [-0, 'bf16', 0x8000, -0],
    [-0, 'fp32', 0x80000000, -0],
    [-0, 'fp8-e4m3', 0x80, -0],
    [NaN, 'fp16', 0x7e00, NaN],
    [NaN, 'bf16', 0x7fc0, NaN],
    [NaN, 'fp32', 0x7fc00000, NaN],
    [NaN, 'fp8-e4m3', 0x7f, NaN],
    [NaN, 'fp8-e5m2', 0x7e, NaN],
    [Infinity, 'fp16', 0x7c00, Infinity],
    [Infinity, 'bf16', 0x7f80, Infinity],
    [Infinity, 'fp8-e4m3', 0x7f, NaN],
    [Infinity, 'fp8-e5m2', 0x7c, Infinity],
    [-Infinity, 'fp16', 0xfc00, -Infinity],
  ];
  for (const [value, format, pattern, decoded] of cases) {
    it(`${value} in ${format} → 0x${pattern.toString(16)}`, () => {
      const d = describeValue(value, format);
      expect(d.pattern).toBe(pattern);
      expect(d.hex).toBe('0x' + pattern.toString(16).toUpperCase().padStart(FORMATS[format].bits / 4, '0'));
      if (decoded !== undefined) expect(Object.is(d.decoded, decoded) || (Number.isNaN(decoded) && Number.isNaN(d.decoded))).toBe(true);
    });
  }

  it('FP32 patterns equal the engine\'s float32 conversion for the presets', () => {
    for (const v of PRESETS) {
      if (Number.isNaN(v)) continue;
      expect(describeValue(v, 'fp32').pattern).toBe(bitsOfFloat32(v));
    }
  });

  it('FP16 5.25 is spelled out as in errata 1', () => {
    const d = describeValue(5.25, 'fp16');
    expect(d.bits).toBe('0100010101000000');
    expect(d.fields.map((f) => f.bits)).toEqual(['0', '10001', '0101000000']);
    expect(d.fields[1]).toMatchObject({ name: 'exponent', stored: 17, bias: 15, unbiased: 2 });
    expect(d.fields[2]).toMatchObject({ name: 'mantissa', stored: 320 });
    expect(d.explanation).toBe('stored exponent 17 − bias 15 = 2; 1.3125 × 2² = 5.25');
    expect(d.absError).toBe(0);
    expect(d.relError).toBe(0);
    expect(d.notes).toEqual([]);
  });

  it('subnormals are spelled out with the fixed exponent and no leading 1', () => {
    const d = describeValue(2 ** -24, 'fp16');
    expect(d.pattern).toBe(0x0001);
    expect(d.fields[1]).toMatchObject({ stored: 0, bias: 15, unbiased: -14 });
    expect(d.explanation).toBe('subnormal: 0.0009765625 × 2⁻¹⁴ = 5.960464477539063e-8');
    expect(kinds(d)).toContain('subnormal');
  });

  it('INT8 and NF4 spell out code × scale and table × absmax', () => {
    const int8 = describeValue(5.25, 'int8', { absmax: 5.25 });
    expect(int8).toMatchObject({ pattern: 0x7f, code: 127, decoded: 5.25, hex: '0x7F' });
    expect(int8.explanation).toContain('code 127 × scale (5.25/127) = 5.25');
    expect(int8.fields[0]).toMatchObject({ name: 'code', signed: 127, stored: 127 });

    const nf4 = describeValue(5.25, 'nf4', { absmax: 5.25 });
    expect(nf4).toMatchObject({ pattern: 15, code: 15, decoded: 5.25, bits: '1111' });
    expect(nf4.explanation).toContain('code 15 → table 1.0 × absmax 5.25 = 5.25');

    const int4 = describeValue(-5.25, 'int4', { absmax: 5.25 });
    expect(int4).toMatchObject({ pattern: 0b1001, code: -7, bits: '1001', decoded: -5.25 });
    expect(int4.fields[0]!.meaning).toContain('= −7');

    const fp4 = describeValue(-5.25, 'fp4', { absmax: 5.25 });
    expect(fp4).toMatchObject({ pattern: 0b1011, code: 11, decoded: -5.25 });
    expect(fp4.fields.map((f) => [f.name, f.bits])).toEqual([['sign', '1'], ['magnitude', '011']]);
  });

  it('INT8 inside a block: 0.1 with absmax 5.25 is code round(2.419…) = 2', () => {
    const d = describeValue(0.1, 'int8', { absmax: 5.25 });
    expect(d.code).toBe(2);
    expect(d.decoded).toBe(f32((2 * 5.25) / 127));
    expect(d.absError).toBeCloseTo(Math.abs(f32(10.5 / 127) - 0.1), 15);
  });

  it('E4M3: 449 → 448 with or without saturation; Inf → NaN, or 448 saturating', () => {
    expect(describeValue(449, 'fp8-e4m3', { saturate: true }).decoded).toBe(448);
    const inf = describeValue(Infinity, 'fp8-e4m3');
    expect(Number.isNaN(inf.decoded)).toBe(true);
    expect(kinds(inf)).toContain('overflow-nan');
    const sat = describeValue(Infinity, 'fp8-e4m3', { saturate: true });
    expect(sat).toMatchObject({ decoded: 448, pattern: 0x7e });
    expect(kinds(sat)).toContain('overflow-saturated');
  });
});

describe('every preset in every format', () => {
  for (const format of FORMAT_IDS) {
    it(`${format}: well-formed descriptions that agree with describeBits`, () => {
      const width = FORMATS[format].bits;
      for (const value of PRESETS) {
        const options = FORMATS[format].needsAbsmax ? { absmax: 5.25 } : {};
        const d = describeValue(value, format, options);
        expect(d.bits).toHaveLength(width);
        expect(parseInt(d.bits, 2)).toBe(d.pattern);
        expect(parseInt(d.hex.slice(2), 16)).toBe(d.pattern);
        expect(d.fields.map((f) => f.bits).join('')).toBe(d.bits);
        expect(d.fields[0]!.msb).toBe(width - 1);
        expect(d.fields[d.fields.length - 1]!.lsb).toBe(0);
        expect(d.explanation.length).toBeGreaterThan(0);
        const again = describeBits(d.pattern, format, options);
        expect(Object.is(again.decoded, d.decoded) || (Number.isNaN(again.decoded) && Number.isNaN(d.decoded))).toBe(true);
        if (Number.isFinite(value) && Number.isFinite(d.decoded)) {
          expect(d.absError).toBe(Math.abs(d.decoded - value));
          if (value !== 0) expect(d.relError).toBe(Math.abs(d.decoded - value) / Math.abs(value));
        }
        if (value === 0 || !Number.isFinite(value)) expect(d.relError).toBeNull();
      }
    });
  }
});

describe('notes instead of exceptions', () => {
  it('overflow: to Inf (FP16), to NaN (E4M3), saturated (E4M3/E5M2 with saturate)', () => {
    expect(kinds(describeValue(65520, 'fp16'))).toContain('overflow-inf');
    expect(kinds(describeValue(1e39, 'fp32'))).toContain('overflow-inf');
    expect(kinds(describeValue(500, 'fp8-e4m3'))).toContain('overflow-nan');
    expect(kinds(describeValue(1e5, 'fp8-e5m2', { saturate: true }))).toContain('overflow-saturated');
    expect(kinds(describeValue(5, 'fp16', { saturate: true }))).toContain('saturate-ignored');
  });

  it('underflow to zero and becoming subnormal', () => {
    const tiny = describeValue(1e-8, 'fp16');
    expect(tiny.decoded).toBe(0);
    expect(kinds(tiny)).toContain('underflow-zero');
    expect(tiny.notes.find((n) => n.kind === 'underflow-zero')!.message).toContain('5.960464477539063e-8');
    expect(kinds(describeValue(-1e-300, 'fp32'))).toContain('underflow-zero');
    expect(Object.is(describeValue(-1e-300, 'bf16').decoded, -0)).toBe(true);
    expect(kinds(describeValue(3e-5, 'fp16'))).toContain('subnormal');
    expect(kinds(describeValue(1e-40, 'fp32'))).toContain('subnormal');
  });

  it('invalid absmax (0, negative, NaN, Inf) is an error note with the promised message', () => {
    for (const absmax of [0, -1, NaN, Infinity, -Infinity]) {
      for (const format of ['int8', 'int4', 'fp4', 'nf4'] as const) {
        const d = describeValue(1, format, { absmax });
        const error = d.notes.find((n) => n.kind === 'absmax-invalid');
        expect(error?.severity).toBe('error');
        expect(error?.message).toMatch(/^absmax must be a positive finite number; got /);
        expect(d.below).toBeNull();
        expect(d.above).toBeNull();
      }
    }
    expect(describeValue(1, 'int8', { absmax: 0 }).notes[0]!.message).toContain('got 0');
    expect(describeValue(1, 'int8', { absmax: -2 }).notes[0]!.message).toContain('got −2');
  });

  it('a value outside the block clamps with a note; no absmax means |x| with a note', () => {
    const outside = describeValue(6, 'int8', { absmax: 5.25 });
    expect(outside).toMatchObject({ code: 127, decoded: 5.25 });
    expect(kinds(outside)).toContain('outside-block');
    expect(kinds(describeValue(-1e300, 'nf4', { absmax: 1 }))).toContain('outside-block');
    const assumed = describeValue(5.25, 'int8');
    expect(assumed).toMatchObject({ code: 127, absmax: 5.25 });
    expect(kinds(assumed)).toContain('absmax-assumed');
    expect(kinds(describeValue(0, 'int8'))).toContain('absmax-invalid');
  });

  it('NaN into integer and codebook formats is explained', () => {
    expect(kinds(describeValue(NaN, 'int8', { absmax: 1 }))).toContain('nan-input');
    const nf4 = describeValue(NaN, 'nf4', { absmax: 2 });
    expect(nf4).toMatchObject({ code: 0, decoded: -2 });
    expect(kinds(nf4)).toContain('nan-input');
  });

  it('bad bit patterns are reported, not thrown', () => {
    const wide = describeBits(0x1_0000, 'fp16');
    expect(kinds(wide)).toContain('bad-pattern');
    expect(wide.pattern).toBe(0);
    expect(kinds(describeBits(1.5, 'int8'))).toContain('bad-pattern');
    expect(kinds(describeBits(NaN, 'nf4'))).toContain('bad-pattern');
  });

  it('patterns the quantizer never makes are flagged', () => {
    const d = describeBits(0b1000, 'int4', { absmax: 7 });
    expect(d).toMatchObject({ code: -8, decoded: -8 });
    expect(kinds(d)).toContain('never-produced');
    expect(kinds(describeBits(0x80, 'int8', { absmax: 127 }))).toContain('never-produced');
    expect(kinds(describeBits(8, 'fp4', { absmax: 1 }))).toContain('never-produced');
  });

  it('nothing throws for hostile numbers in any format', () => {
    const hostile = [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** 128, 1e-320];
    for (const format of FORMAT_IDS) {
      for (const value of hostile) {
        for (const absmax of [undefined, 0, -1, NaN, 1e-45, 1e39]) {
          expect(() => describeValue(value, format, absmax === undefined ? {} : { absmax })).not.toThrow();
          expect(() => stepValue(value, format, 1, absmax === undefined ? {} : { absmax })).not.toThrow();
        }
      }
    }
  });
});

describe('neighbours', () => {
  it('FP16 around 1: below is 1 − 2⁻¹¹, above is 1 + 2⁻¹⁰ (one ULP each side)', () => {
    const d = describeValue(1, 'fp16');
    expect(d.below).toBe(1 - 2 ** -11);
    expect(d.above).toBe(1 + 2 ** -10);
  });

  it('the gap above a normal value is one ULP = 2^(unbiased − mantissa bits)', () => {
    for (const value of [5.25, 0.1, 1 / 3, 1000]) {
      const d = describeValue(value, 'fp16');
      expect(d.above! - d.decoded).toBe(2 ** (d.fields[1]!.unbiased! - 10));
      expect(d.below!).toBeLessThan(value);
      expect(d.above!).toBeGreaterThan(value);
    }
  });

  it('at the ends: max finite → Inf (FP16, E5M2) or nothing (E4M3); Inf → nothing above', () => {
    expect(describeValue(65504, 'fp16')).toMatchObject({ below: 65472, above: Infinity });
    expect(describeValue(57344, 'fp8-e5m2')).toMatchObject({ below: 49152, above: Infinity });
    expect(describeValue(448, 'fp8-e4m3')).toMatchObject({ below: 416, above: null });
    expect(describeValue(-448, 'fp8-e4m3')).toMatchObject({ below: null, above: -416 });
    expect(describeValue(Infinity, 'fp16')).toMatchObject({ below: 65504, above: null });
    expect(describeValue(NaN, 'fp16')).toMatchObject({ below: null, above: null });
  });

  it('zero and subnormals: ±smallest subnormal around 0; the largest subnormal below the smallest normal', () => {
    expect(describeValue(0, 'fp16')).toMatchObject({ below: -(2 ** -24), above: 2 ** -24 });
    expect(describeValue(-0, 'fp16')).toMatchObject({ below: -(2 ** -24), above: 2 ** -24 });
    expect(describeValue(2 ** -14, 'fp16')).toMatchObject({ below: 2 ** -14 - 2 ** -24, above: 2 ** -14 + 2 ** -24 });
    expect(describeValue(2 ** -24, 'fp16')).toMatchObject({ below: 0, above: 2 ** -23 });
    expect(describeValue(0, 'fp8-e4m3')).toMatchObject({ below: -(2 ** -9), above: 2 ** -9 });
  });

  it('integer and codebook neighbours are the adjacent codes at the same absmax', () => {
    expect(describeValue(5.25, 'int8', { absmax: 5.25 })).toMatchObject({ below: f32((126 * 5.25) / 127), above: null });
    expect(describeValue(-5.25, 'int4', { absmax: 5.25 })).toMatchObject({ below: null, above: -4.5 });
    expect(describeValue(5.25, 'nf4', { absmax: 5.25 })).toMatchObject({ below: f32(0.7229568362236023 * 5.25), above: null });
    expect(describeValue(0, 'fp4', { absmax: 12 })).toMatchObject({ below: f32(-0.0625), above: f32(0.0625) });
  });
});

describe('stepValue (arrow keys)', () => {
  it('walks FP16 one pattern at a time, including onto Inf and off the end', () => {
    expect(stepValue(1, 'fp16', 1).pattern).toBe(0x3c01);
    expect(stepValue(1, 'fp16', -1).pattern).toBe(0x3bff);
    expect(stepValue(65504, 'fp16', 1).decoded).toBe(Infinity);
    const end = stepValue(Infinity, 'fp16', 1);
    expect(end.decoded).toBe(Infinity);
    expect(end.notes.map((n) => n.kind)).toContain('no-neighbour');
    expect(stepValue(-0, 'fp16', 1).pattern).toBe(0x0001);
    expect(stepValue(0, 'fp16', -1).pattern).toBe(0x8001);
  });

  it('walks every INT4 code and every NF4/FP4 value up with the absmax fixed', () => {
    let d = describeValue(-5.25, 'int4', { absmax: 5.25 });
    const codes = [d.code];
    for (let i = 0; i < 14; i++) {
      d = stepValue(d.decoded, 'int4', 1, { absmax: 5.25 });
      codes.push(d.code);
    }
    expect(codes).toEqual([-7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7]);

    for (const format of ['nf4', 'fp4'] as const) {
      let v = describeValue(-3, format, { absmax: 3 });
      const seen = [v.decoded];
      for (;;) {
        const next = stepValue(v.decoded, format, 1, { absmax: 3 });
        if (next.decoded === v.decoded) break;
        v = next;
        seen.push(v.decoded);
      }
      expect(seen).toHaveLength(format === 'nf4' ? 16 : 15); // FP4's ±0 are one value
      expect(seen[seen.length - 1]).toBe(3);
    }
  });

  it('keeps the absmax that was assumed from the first value', () => {
    const next = stepValue(5.25, 'int8', -1);
    expect(next).toMatchObject({ code: 126, absmax: 5.25 });
  });
});
