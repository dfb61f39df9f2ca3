// Quantize one block the way bitsandbytes does (formats.md §1–2): values are float32, the
// block's absmax is max |x| in float32 (NaN if any element is NaN, as torch.max), and every
// element is encoded against it. Float formats are accepted too (element-wise rounding, no
// absmax) so a demo can put FP16 or FP8 beside INT4 on the same block.

import { encodeBinaryFloat, decodeBinaryFloat } from './ieee.ts';
import { INT4_SPEC, INT8_SPEC, intDecode, intEncode, intPatternOf } from './integer.ts';
import { type CodebookFormatId, bytesToHex, codebookDecode, codebookEncode, packNibblesHighFirst, zeroCode } from './codebook4.ts';
import { FLOAT_SPECS, SATURATING } from './float-specs.ts';
import { FORMATS } from './registry.ts';
import type { FormatId, Note } from './types.ts';
import { note } from './notes.ts';
import { num, toHex } from './text.ts';

const f32 = Math.fround;

export interface BlockOptions {
  /** FP8 only: clamp overflow to ±max finite. */
  saturate?: boolean;
}

export interface BlockResult {
  format: FormatId;
  /** float32 max |x|; null for float formats (they have no block scale). */
  absmax: number | null;
  /** Index of the first element whose |x| is the absmax (or the first NaN); null if none. */
  absmaxIndex: number | null;
  /** Signed integer codes (INT), table indices (FP4/NF4) or bit patterns (floats). */
  codes: number[];
  /** The stored bit patterns (two's complement for INT). */
  patterns: number[];
  dequantized: number[];
  /** dequantized − input, per element (NaN where either side is NaN or both are infinite). */
  errors: number[];
  /** Mean of squared errors over finite errors; null if there is none. */
  mse: number | null;
  maxAbsError: number | null;
  maxAbsErrorIndex: number | null;
  /** Storage as hex: 4-bit codes packed high nibble first; 8/16/32-bit patterns byte-wise big-endian. */
  packedHex: string;
  notes: Note[];
}

/** float32 max |x| and where it is; NaN wins, like torch.max. */
export function blockAbsmax(values: ArrayLike<number>): { absmax: number; index: number | null } {
  let absmax = 0;
  let index: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(f32(values[i]!));
    if (Number.isNaN(magnitude)) return { absmax: NaN, index: i };
    if (index === null || magnitude > absmax) {
      absmax = magnitude;
      index = i;
    }
  }
  return { absmax, index };
}

export function quantizeBlock(values: ArrayLike<number>, format: FormatId, options: BlockOptions = {}): BlockResult {
  const info = FORMATS[format];
  const notes: Note[] = [];
  const codes: number[] = [];
  const patterns: number[] = [];
  const dequantized: number[] = [];
  let absmax: number | null = null;
  let absmaxIndex: number | null = null;
  if (values.length === 0) {
    notes.push(note('empty-block', 'warning', 'the block is empty: enter at least one value.'));
  }

  const floatSpec = FLOAT_SPECS[format];
  if (floatSpec) {
    const saturate = options.saturate === true && SATURATING.has(format);
    for (let i = 0; i < values.length; i++) {
      const { pattern } = encodeBinaryFloat(floatSpec, values[i]!, saturate);
      codes.push(pattern);
      patterns.push(pattern);
      dequantized.push(decodeBinaryFloat(floatSpec, pattern));
    }
  } else if (values.length > 0) {
    const found = blockAbsmax(values);
    absmax = found.absmax;
    absmaxIndex = found.index;
    if (absmax === 0) {
      notes.push(note('zero-block', 'info', 'every value is 0, so absmax is 0 and there is no scale. bitsandbytes then ' +
        'computes s = 0 × (1/0) = NaN for every element, which encodes as code 0 ' +
        (format === 'nf4' ? '(NF4: −1.0 × 0 = −0).' : '(dequantizing to 0).')));
    } else if (!Number.isFinite(absmax)) {
      notes.push(note('absmax-invalid', 'error', `absmax must be a positive finite number; got ${num(absmax)} ` +
        `(from element ${absmaxIndex}, ${num(f32(values[absmaxIndex ?? 0]!))}). A block holding NaN or ±Infinity has ` +
        'no usable scale, so its elements dequantize to NaN or 0. Remove non-finite values first.'));
    }
    const intSpec = format === 'int8' ? INT8_SPEC : format === 'int4' ? INT4_SPEC : null;
    for (let i = 0; i < values.length; i++) {
      if (intSpec) {
        const { code } = intEncode(intSpec, values[i]!, absmax);
        codes.push(code);
        patterns.push(intPatternOf(intSpec, code));
        dequantized.push(intDecode(intSpec, code, absmax));
      } else {
        const id = format as CodebookFormatId;
        const { code } = codebookEncode(id, values[i]!, absmax);
        codes.push(code);
        patterns.push(code);
        dequantized.push(codebookDecode(id, code, absmax));
      }
    }
  }

  const errors = dequantized.map((d, i) => d - values[i]!);
  let sumSquares = 0;
  let counted = 0;
  let maxAbsError: number | null = null;
  let maxAbsErrorIndex: number | null = null;
  errors.forEach((e, i) => {
    if (!Number.isFinite(e)) return;
    sumSquares += e * e;
    counted++;
    if (maxAbsError === null || Math.abs(e) > maxAbsError) {
      maxAbsError = Math.abs(e);
      maxAbsErrorIndex = i;
    }
  });
  const packedHex =
    info.bits === 4
      ? bytesToHex(packNibblesHighFirst(patterns, zeroCode(format === 'nf4' ? 'nf4' : 'fp4')))
      : patterns.map((p) => toHex(p, info.bits).slice(2).toLowerCase()).join('');
  return {
    format, absmax, absmaxIndex, codes, patterns, dequantized, errors,
    mse: counted > 0 ? sumSquares / counted : null,
    maxAbsError, maxAbsErrorIndex, packedHex, notes,
  };
}
