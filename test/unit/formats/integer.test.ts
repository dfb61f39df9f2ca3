import { describe, expect, it } from 'vitest';
import {
  INT4_SPEC, INT8_SPEC, intCodeOf, intDecode, intEncode, intPatternOf, roundHalfEven,
} from '../../../src/core/formats/integer.ts';

describe('roundHalfEven (torch.round semantics)', () => {
  it('rounds halves to the even neighbour and everything else to nearest', () => {
    const cases: Array<[number, number]> = [
      [0.5, 0], [1.5, 2], [2.5, 2], [3.5, 4], [-0.5, 0], [-1.5, -2], [-2.5, -2],
      [2.4999999, 2], [2.5000001, 3], [-63.5, -64], [126.5, 126], [127.49, 127],
    ];
    for (const [x, want] of cases) expect(roundHalfEven(x)).toBe(want);
    expect(Object.is(roundHalfEven(-0.4), 0)).toBe(true); // never −0
  });
});

describe('INT8 / INT4 symmetric absmax', () => {
  it('code = round(f32(x) · f32(127/absmax)), clamped to ±127', () => {
    expect(intEncode(INT8_SPEC, 5.25, 5.25).code).toBe(127);
    expect(intEncode(INT8_SPEC, -5.25, 5.25).code).toBe(-127);
    expect(intEncode(INT8_SPEC, 2.5, 127).code).toBe(2); // tie → even
    expect(intEncode(INT8_SPEC, 3.5, 127).code).toBe(4);
    expect(intEncode(INT8_SPEC, 1000, 5.25)).toMatchObject({ code: 127, clamped: true });
    expect(intEncode(INT8_SPEC, -1000, 5.25)).toMatchObject({ code: -127, clamped: true });
    expect(intEncode(INT8_SPEC, NaN, 1).code).toBe(0);
  });

  it('INT4 uses 7/absmax and clamps to −7…7 (−8 is never produced)', () => {
    expect(intEncode(INT4_SPEC, 1, 1).code).toBe(7);
    expect(intEncode(INT4_SPEC, -1, 1).code).toBe(-7);
    expect(intEncode(INT4_SPEC, -1.2, 1)).toMatchObject({ code: -7, clamped: true });
    expect(intEncode(INT4_SPEC, 0.5, 7).code).toBe(0);
    expect(intEncode(INT4_SPEC, 1.5, 7).code).toBe(2);
  });

  it('dequantizes code · absmax / qmax to float32; ±qmax gives back ±absmax exactly', () => {
    expect(intDecode(INT8_SPEC, 127, 5.25)).toBe(5.25);
    expect(intDecode(INT8_SPEC, 2, 5.25)).toBe(Math.fround(10.5 / 127));
    for (const absmax of [0.1, 1 / 3, 3.15, 1e-20, 3e30]) {
      const a = Math.fround(absmax);
      expect(intDecode(INT8_SPEC, 127, a)).toBe(a);
      expect(intDecode(INT4_SPEC, -7, a)).toBe(-a);
    }
  });

  it("two's complement patterns", () => {
    expect(intPatternOf(INT8_SPEC, -1)).toBe(0xff);
    expect(intPatternOf(INT8_SPEC, -127)).toBe(0x81);
    expect(intPatternOf(INT4_SPEC, -7)).toBe(0b1001);
    expect(intCodeOf(INT4_SPEC, 0b1000)).toBe(-8);
    expect(intCodeOf(INT8_SPEC, 0x80)).toBe(-128);
    expect(intCodeOf(INT8_SPEC, 0x7f)).toBe(127);
  });
});
