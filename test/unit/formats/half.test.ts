import { describe, expect, it } from 'vitest';
import {
  bf16BitsToF32, bf16FromF32Bits, f16BitsToF32, f32Bits, f32ToBf16Bits, f32ToF16Bits,
} from '../../../src/core/formats/half.ts';
import { FP16_SPEC, encodeBinaryFloat } from '../../../src/core/formats/ieee.ts';
import { describeValue } from '../../../src/core/formats/describe.ts';
import {
  REF_BF16, REF_FP16, bitsOfFloat32, floatFromBits32, prng, refBf16FromF32Bits, refRound, refTable, refValue,
} from './reference.ts';

/** Float32 patterns to sweep: a stride over all 2^32, plus windows around every boundary. */
function f32PatternSweep(): number[] {
  const out: number[] = [];
  for (let u = 0; u < 2 ** 32; u += 65521) out.push(u);
  const centres = [
    0x477fe000, 0x477ff000, 0x47800000, // 65504, 65520 (FP16 overflow boundary), 65536
    0x38800000, 0x387fc000, 0x33800000, 0x33000000, 0x32ffffff, // FP16 min normal, subnormals, 2^-25
    0x7f7f8000, 0x7f7fffff, 0x7f800000, 0x7fc00000, // BF16 overflow, FLT_MAX, Inf, NaN
    0x00000000, 0x00008000, 0x00018000, 0x007f8000, 0x00800000, // zero, subnormal ties, min normal
    0x3f808000, 0x3f818000, // BF16 ties to even (down, up)
  ];
  for (const c of centres) {
    for (let d = -300; d <= 300; d++) {
      const u = (c + d) >>> 0;
      out.push(u, (u | 0x80000000) >>> 0);
    }
  }
  const random = prng(16);
  for (let i = 0; i < 20000; i++) {
    // Exact BF16 ties: random top half, low half exactly 0x8000.
    const high = Math.floor(random() * 0x10000);
    out.push(((high << 16) | 0x8000) >>> 0);
  }
  return out;
}

describe('f32ToF16Bits (fast float32 path)', () => {
  it('agrees with nearest-value search over the FP16 table for float32 inputs', () => {
    const table = refTable(REF_FP16);
    let mismatches = 0;
    for (const u of f32PatternSweep()) {
      const x = floatFromBits32(u);
      const got = f32ToF16Bits(x);
      if (Number.isNaN(x)) {
        if (got !== 0x7e00) mismatches++;
        continue;
      }
      const magnitude = Math.abs(x);
      const sign = u >= 0x80000000 ? 0x8000 : 0;
      const expected = magnitude === Infinity ? 'overflow' : refRound(table, magnitude);
      const want = expected === 'overflow' ? sign | 0x7c00 : sign | expected.pattern;
      if (got !== want) mismatches++;
      // …and with the generic double codec on the same float32 value.
      if (got !== encodeBinaryFloat(FP16_SPEC, x).pattern) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('rounds from float32: 65519 → 65504 (0x7BFF), 65520 → Inf (0x7C00)', () => {
    expect(f32ToF16Bits(65519)).toBe(0x7bff);
    expect(f32ToF16Bits(65520)).toBe(0x7c00);
    expect(f32ToF16Bits(-65520)).toBe(0xfc00);
    expect(f32ToF16Bits(5.25)).toBe(0x4540);
    expect(f32ToF16Bits(2 ** -25)).toBe(0); // exactly half the smallest subnormal: tie → 0
    expect(f32ToF16Bits(3 * 2 ** -25)).toBe(2); // 1.5 subnormal steps: tie → even 2
  });

  it('f16BitsToF32 decodes every pattern like the formula', () => {
    for (let p = 0; p < 0x10000; p++) {
      const got = f16BitsToF32(p);
      const want = refValue(REF_FP16, p);
      if (!(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)))) {
        expect.fail(`pattern ${p.toString(16)}: ${got} ≠ ${want}`);
      }
    }
  });
});

describe('BF16 from float32', () => {
  it('bf16FromF32Bits matches a BigInt round-half-even reference (ties, subnormals, overflow, NaN)', () => {
    let mismatches = 0;
    let ties = 0;
    for (const u of f32PatternSweep()) {
      const want = refBf16FromF32Bits(u);
      const got = bf16FromF32Bits(u);
      if ((u & 0xffff) === 0x8000) ties++;
      if (want === 'nan' ? got !== 0x7fc0 : got !== want) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(ties).toBeGreaterThan(20000);
  });

  it('known answers: ties to even, overflow to Inf, subnormals kept', () => {
    expect(bf16FromF32Bits(0x3f808000)).toBe(0x3f80); // tie, kept half even → stays
    expect(bf16FromF32Bits(0x3f818000)).toBe(0x3f82); // tie, kept half odd → up
    expect(bf16FromF32Bits(0x7f7f8000)).toBe(0x7f80); // tie above max BF16 → +Inf
    expect(bf16FromF32Bits(0x7f7f7fff)).toBe(0x7f7f);
    expect(bf16FromF32Bits(0x00018000)).toBe(0x0002); // subnormal tie, odd → up
    expect(bf16FromF32Bits(0xffc00001)).toBe(0x7fc0); // any NaN → canonical NaN
    expect(f32ToBf16Bits(5.25)).toBe(0x40a8);
  });

  it('describeValue (direct from the double) agrees with bf16FromF32Bits on float32 values', () => {
    const random = prng(1616);
    for (let i = 0; i < 5000; i++) {
      const u = Math.floor(random() * 2 ** 32);
      const x = floatFromBits32(u);
      if (Number.isNaN(x)) continue;
      expect(describeValue(x, 'bf16').pattern).toBe(bf16FromF32Bits(f32Bits(x)));
    }
  });

  it('bf16BitsToF32 decodes every pattern like the formula', () => {
    for (let p = 0; p < 0x10000; p++) {
      const got = bf16BitsToF32(p);
      const want = refValue(REF_BF16, p);
      if (!(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)))) {
        expect.fail(`pattern ${p.toString(16)}: ${got} ≠ ${want}`);
      }
    }
    expect(bitsOfFloat32(bf16BitsToF32(0x40a8))).toBe(0x40a80000);
  });
});
