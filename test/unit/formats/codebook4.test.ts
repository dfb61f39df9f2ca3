import { describe, expect, it } from 'vitest';
import {
  FP4_CODEBOOK, NF4_CODEBOOK, NF4_THRESHOLDS, fp4Encode, nf4Encode,
} from '../../../src/core/formats/codebooks.ts';
import {
  bytesToHex, codebookDecode, codebookEncode, packNibblesHighFirst,
} from '../../../src/core/formats/codebook4.ts';
import { quantizeBlock } from '../../../src/core/formats/block.ts';
import { bitsOfFloat32 } from './reference.ts';

// formats.md §1, copied as printed there.
const NF4_DOC = [
  -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
  -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
  0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
  0.7229568362236023, 1.0,
];
const FP4_DOC_TWELFTHS = [0, 0.0625, 8, 12, 4, 6, 2, 3, -0, -0.0625, -8, -12, -4, -6, -2, -3];

/** The 64-value ramp of the issue: x_i = (i − 31.5)/10. */
const RAMP = Array.from({ length: 64 }, (_, i) => (i - 31.5) / 10);

describe('bitsandbytes codebooks', () => {
  it('NF4 equals formats.md §1 exactly (each entry is already a float32)', () => {
    expect(NF4_CODEBOOK).toHaveLength(16);
    NF4_DOC.forEach((v, i) => {
      expect(Math.fround(v)).toBe(v);
      expect(NF4_CODEBOOK[i]).toBe(v);
    });
  });

  it('FP4 equals formats.md §1 exactly ([0, 0.0625, 8, 12, 4, 6, 2, 3, −…]/12 in float32, −0 at 8)', () => {
    FP4_DOC_TWELFTHS.forEach((t, i) => expect(Object.is(FP4_CODEBOOK[i], Math.fround(t / 12))).toBe(true));
    expect(Object.is(FP4_CODEBOOK[8], -0)).toBe(true);
  });

  it('NF4 encoder: a value exactly on a midpoint takes the lower code; NaN takes 0', () => {
    NF4_THRESHOLDS.forEach((t, i) => {
      expect(nf4Encode(t)).toBe(i);
      expect(nf4Encode(Math.fround(t + Math.abs(t) * 2 ** -20 + 2 ** -40))).toBe(i + 1);
    });
    expect(nf4Encode(NaN)).toBe(0);
    expect(nf4Encode(0)).toBe(7);
    expect(nf4Encode(-0)).toBe(7);
  });

  it('FP4 encoder: sign bit only for s < 0, magnitude rank by strict comparison with the literals', () => {
    expect(fp4Encode(1)).toBe(0b0011);
    expect(fp4Encode(-1)).toBe(0b1011);
    expect(fp4Encode(-0)).toBe(0); // −0 is not < 0: code 8 never appears
    expect(fp4Encode(NaN)).toBe(0);
    expect(fp4Encode(Math.fround(0.8333333))).toBe(0b0010); // on the last limit: stays at 8/12
    expect(fp4Encode(0.84)).toBe(0b0011);
  });
});

describe('one value against a block absmax', () => {
  it('s = f32(x) · f32(1/absmax), value = f32(table[code] · absmax)', () => {
    expect(codebookEncode('nf4', 5.25, 5.25)).toEqual({ code: 15, scaled: 1 });
    expect(codebookDecode('nf4', 15, 5.25)).toBe(5.25);
    expect(codebookDecode('nf4', 0, 5.25)).toBe(-5.25);
    expect(codebookDecode('fp4', 11, 6)).toBe(-6);
    expect(codebookDecode('nf4', 8, 2)).toBe(Math.fround(0.07958029955625534 * 2));
  });
});

describe('nibble packing and the 64-value ramp (bitsandbytes agreement)', () => {
  it('absmax of the ramp is 3.15 in float32 (bits 0x4049999a)', () => {
    const block = quantizeBlock(RAMP, 'nf4');
    expect(bitsOfFloat32(block.absmax!)).toBe(0x4049999a);
    expect(block.absmaxIndex).toBe(0); // |−3.15| at index 0 comes first
  });

  it('NF4 packs to the bitsandbytes hex', () => {
    const codes = RAMP.map((x) => codebookEncode('nf4', x, Math.fround(3.15)).code);
    expect(bytesToHex(packNibblesHighFirst(codes))).toBe(
      '00000111111112222233344445556667788899aaabbbccccddddeeeeeeefffff',
    );
    expect(quantizeBlock(RAMP, 'nf4').packedHex).toBe('00000111111112222233344445556667788899aaabbbccccddddeeeeeeefffff');
  });

  it('FP4 packs to the bitsandbytes hex', () => {
    expect(quantizeBlock(RAMP, 'fp4').packedHex).toBe(
      'bbbbbbaaaaaaaadddddccccffeeee99911166667744445555522222222333333',
    );
  });

  it('puts the even element in the high nibble and pads an odd tail', () => {
    expect([...packNibblesHighFirst([1, 2, 3])]).toEqual([0x12, 0x30]);
    expect([...packNibblesHighFirst([1, 2, 3], 7)]).toEqual([0x12, 0x37]);
    expect(bytesToHex(packNibblesHighFirst([0xf, 0x0, 0xa]))).toBe('f0a0');
  });
});
