import { describe, expect, it } from 'vitest';
import {
  BF16_SPEC, FP16_SPEC, FP32_SPEC, type BinaryFloatSpec, decodeBinaryFloat, encodeBinaryFloat,
} from '../../../src/core/formats/ieee.ts';
import { E4M3_SPEC, E5M2_SPEC } from '../../../src/core/formats/fp8.ts';
import {
  REF_BF16, REF_E4M3, REF_E5M2, REF_FP16, type RefFormat, bitsOfFloat32, nextDouble, prng, refRound, refTable, refValue,
} from './reference.ts';

function sameNumber(actual: number, expected: number): boolean {
  return Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected));
}

describe('16-bit formats, every pattern', () => {
  const cases: Array<[string, BinaryFloatSpec, RefFormat, number]> = [
    ['FP16', FP16_SPEC, REF_FP16, 0x7e00],
    ['BF16', BF16_SPEC, REF_BF16, 0x7fc0],
  ];
  for (const [name, spec, ref, canonicalNaN] of cases) {
    it(`${name}: all 65,536 patterns decode to the formula value and re-encode to themselves`, () => {
      let mismatches = 0;
      for (let p = 0; p < 0x10000; p++) {
        const value = decodeBinaryFloat(spec, p);
        if (!sameNumber(value, refValue(ref, p))) mismatches++;
        const again = encodeBinaryFloat(spec, value).pattern;
        const expected = Number.isNaN(value) ? canonicalNaN : p;
        if (again !== expected) mismatches++;
      }
      expect(mismatches).toBe(0);
    });
  }
});

describe('FP32 rounding from a double', () => {
  it('matches Math.fround (the engine\'s own round-to-nearest-even) on a wide random sweep', () => {
    const random = prng(32);
    let checked = 0;
    for (let i = 0; i < 20000; i++) {
      // Random doubles across FP32's whole range, including its subnormals and overflow.
      const exponent = Math.floor(random() * 300) - 160;
      const x = (random() < 0.5 ? -1 : 1) * (1 + random()) * 2 ** exponent;
      const got = encodeBinaryFloat(FP32_SPEC, x).pattern;
      expect(got).toBe(bitsOfFloat32(Math.fround(x)));
      checked++;
    }
    expect(checked).toBe(20000);
  });

  it('rounds exact ties to even and handles the overflow boundary', () => {
    // 1 + 2^-24 is halfway between 1 and 1 + 2^-23: ties to the even 1.0.
    expect(encodeBinaryFloat(FP32_SPEC, 1 + 2 ** -24).pattern).toBe(0x3f800000);
    // 1 + 3·2^-24 is halfway between odd 1+2^-23 and even 1+2^-22: goes up.
    expect(encodeBinaryFloat(FP32_SPEC, 1 + 3 * 2 ** -24).pattern).toBe(0x3f800002);
    // FLT_MAX + half an ULP = 2^128 − 2^103 is the first value that overflows.
    const halfUlpAboveMax = 2 ** 128 - 2 ** 103;
    expect(encodeBinaryFloat(FP32_SPEC, nextDouble(halfUlpAboveMax, -1)).pattern).toBe(0x7f7fffff);
    expect(encodeBinaryFloat(FP32_SPEC, halfUlpAboveMax)).toMatchObject({ pattern: 0x7f800000, overflow: 'to-inf' });
    // Half the smallest subnormal (2^-150) ties to 0; just above it gives 2^-149.
    expect(encodeBinaryFloat(FP32_SPEC, 2 ** -150)).toMatchObject({ pattern: 0, underflowToZero: true });
    expect(encodeBinaryFloat(FP32_SPEC, nextDouble(2 ** -150, 1)).pattern).toBe(1);
  });
});

/** Doubles near every rounding boundary of a small format: midpoints and their neighbours. */
function boundaryDoubles(table: ReturnType<typeof refTable>): number[] {
  const out: number[] = [];
  const all = [...table.values, table.virtualNext];
  for (let i = 0; i + 1 < all.length; i++) {
    const mid = (all[i]! + all[i + 1]!) / 2; // exact in double for these narrow formats
    if (mid === 0) continue;
    out.push(mid, nextDouble(mid, 1), nextDouble(mid, -1));
  }
  out.push(table.virtualNext, table.virtualNext * 1.5, table.max * 4);
  return out;
}

describe('rounding a double directly to FP16, BF16, E4M3 and E5M2', () => {
  const cases: Array<[string, BinaryFloatSpec, RefFormat]> = [
    ['FP16', FP16_SPEC, REF_FP16],
    ['BF16', BF16_SPEC, REF_BF16],
    ['E4M3', E4M3_SPEC, REF_E4M3],
    ['E5M2', E5M2_SPEC, REF_E5M2],
  ];
  for (const [name, spec, ref] of cases) {
    it(`${name}: matches nearest-value search (ties to even) at every midpoint and on random values`, () => {
      const table = refTable(ref);
      const random = prng(name.length * 7919);
      const inputs = boundaryDoubles(table);
      const lowest = Math.log2(table.values[1]!) - 2;
      const highest = Math.log2(table.max) + 2;
      for (let i = 0; i < 5000; i++) inputs.push(2 ** (lowest + random() * (highest - lowest)));
      const signBit = 2 ** (spec.expBits + spec.manBits);
      let mismatches = 0;
      for (const magnitude of inputs) {
        for (const sign of [1, -1]) {
          const expected = refRound(table, magnitude);
          const got = encodeBinaryFloat(spec, sign * magnitude);
          if (expected === 'overflow') {
            if (got.overflow === 'none') mismatches++;
          } else {
            const want = expected.pattern + (sign < 0 ? signBit : 0);
            if (got.pattern !== want || got.overflow !== 'none') mismatches++;
          }
        }
      }
      expect(mismatches).toBe(0);
    });
  }

  it('rounds the double directly, not through float32 (no double rounding)', () => {
    // 1 + 2^-8 + 2^-30: directly it is above the BF16 midpoint 1 + 2^-8 → 1 + 2^-7 (0x3F81).
    // Through float32 the 2^-30 is lost first, leaving an exact tie that goes to even 1.0.
    const x = 1 + 2 ** -8 + 2 ** -30;
    expect(encodeBinaryFloat(BF16_SPEC, x).pattern).toBe(0x3f81);
    expect(encodeBinaryFloat(BF16_SPEC, Math.fround(x)).pattern).toBe(0x3f80);
  });
});
