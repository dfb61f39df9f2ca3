// bitsandbytes' 4-bit codebook formats (NF4, FP4) for one value or one pattern, plus the
// nibble packing of its storage. The tables and encoder rules live in codebooks.ts.
//   s = f32(f32(x) · f32(1 / absmax))   →  code (encoder rule of the format)
//   value = f32(table[code] · absmax)
// FP4's code is a sign bit plus a 3-bit magnitude that indexes the table; the magnitudes
// (in twelfths: 0, 1/16, 8, 12, 4, 6, 2, 3 for bits 000…111) are not monotone in the bits,
// so the three low bits are shown as one "magnitude" field, not as exponent and mantissa.

import { FP4_CODEBOOK, NF4_CODEBOOK, fp4Encode, nf4Encode } from './codebooks.ts';
import type { Field } from './types.ts';
import { num, tableNum, toBits } from './text.ts';

const f32 = Math.fround;

export type CodebookFormatId = 'fp4' | 'nf4';

/** FP4 magnitudes × 12 for the low three bits 000…111. */
const FP4_TWELFTHS: readonly number[] = [0, 0.0625, 8, 12, 4, 6, 2, 3];

export function codebookTable(id: CodebookFormatId): readonly number[] {
  return id === 'nf4' ? NF4_CODEBOOK : FP4_CODEBOOK;
}

/** The code bitsandbytes stores for 0.0 (NF4 index 7, FP4 code 0): the padding of odd tails. */
export function zeroCode(id: CodebookFormatId): number {
  return id === 'nf4' ? 7 : 0;
}

export interface CodebookEncoding {
  code: number;
  /** f32(x) · f32(1/absmax): the value the encoder rule sees. */
  scaled: number;
}

export function codebookEncode(id: CodebookFormatId, x: number, absmax: number): CodebookEncoding {
  const scaled = f32(f32(x) * f32(1 / f32(absmax)));
  return { code: id === 'nf4' ? nf4Encode(scaled) : fp4Encode(scaled), scaled };
}

export function codebookDecode(id: CodebookFormatId, code: number, absmax: number): number {
  return f32(codebookTable(id)[code & 0xf]! * f32(absmax));
}

/** Distinct table values in ascending order (FP4's +0 and −0 count once). */
export function sortedTableValues(id: CodebookFormatId): number[] {
  const values = [...new Set(codebookTable(id).map((v) => v + 0))];
  return values.sort((a, b) => a - b);
}

export interface CodebookPatternReading {
  fields: Field[];
  decoded: number;
  explanation: string;
}

export function readCodebookPattern(id: CodebookFormatId, pattern: number, absmax: number): CodebookPatternReading {
  const code = pattern & 0xf;
  const entry = codebookTable(id)[code]!;
  const decoded = codebookDecode(id, code, absmax);
  const product = `table ${tableNum(entry)} × absmax ${num(f32(absmax))} = ${num(decoded)}`;
  if (id === 'nf4') {
    const fields: Field[] = [
      { name: 'index', msb: 3, lsb: 0, bits: toBits(code, 4), stored: code, meaning: `table[${code}] = ${tableNum(entry)}` },
    ];
    return { fields, decoded, explanation: `code ${code} → ${product}` };
  }
  const negative = code >= 8;
  const magnitude = code & 0b111;
  const twelfths = FP4_TWELFTHS[magnitude]!;
  const fields: Field[] = [
    { name: 'sign', msb: 3, lsb: 3, bits: negative ? '1' : '0', stored: negative ? 1 : 0, meaning: negative ? '1: negative' : '0: positive' },
    {
      name: 'magnitude', msb: 2, lsb: 0, bits: toBits(magnitude, 3), stored: magnitude,
      meaning: `${toBits(magnitude, 3)} → ${num(twelfths)}/12 = ${tableNum(Math.abs(entry))}`,
    },
  ];
  const signWord = negative ? '−' : '';
  return {
    fields,
    decoded,
    explanation: `code ${code} (sign ${negative ? 1 : 0}, magnitude ${signWord}${num(twelfths)}/12) → ${product}`,
  };
}

/**
 * bitsandbytes/MatMulBnb4 packing: byte k = code[2k] << 4 | code[2k+1] (even element in the
 * HIGH nibble). An odd tail is padded with `padCode` — pass zeroCode(format) to pad with 0.0.
 */
export function packNibblesHighFirst(codes: ArrayLike<number>, padCode = 0): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(codes.length / 2));
  for (let k = 0; k < bytes.length; k++) {
    const high = codes[2 * k]! & 0xf;
    const low = 2 * k + 1 < codes.length ? codes[2 * k + 1]! & 0xf : padCode & 0xf;
    bytes[k] = (high << 4) | low;
  }
  return bytes;
}

/** Lower-case hex of a byte array, two digits per byte, no prefix. */
export function bytesToHex(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i]! & 0xff).toString(16).padStart(2, '0');
  return out;
}
