// Every representable value of a narrow format, for number lines: INT4/FP4/NF4 at a given
// absmax (and INT8 and the FP8 formats, which have 256 patterns each).

import { classifyPattern, decodeBinaryFloat } from './ieee.ts';
import { FLOAT_SPECS } from './float-specs.ts';
import { INT4_SPEC, INT8_SPEC, intCodeOf, intDecode } from './integer.ts';
import { codebookDecode } from './codebook4.ts';
import { FORMATS } from './registry.ts';
import type { FormatId, Note } from './types.ts';
import { absmaxInvalid, note } from './notes.ts';
import { toBits } from './text.ts';

export interface RepresentableValue {
  pattern: number;
  bits: string;
  /** Signed INT code or codebook index; null for floats. */
  code: number | null;
  value: number;
  /** False for patterns the quantizer never emits (INT −128/−8, FP4's −0 code 8). */
  produced: boolean;
}

export interface RepresentableValues {
  format: FormatId;
  absmax: number | null;
  /** Ascending by value (−0 before +0); NaN patterns are left out. */
  values: RepresentableValue[];
  notes: Note[];
}

const MAX_BITS = 8;

export function representableValues(format: FormatId, absmax?: number): RepresentableValues {
  const info = FORMATS[format];
  const notes: Note[] = [];
  if (info.bits > MAX_BITS) {
    notes.push(note('too-many-values', 'warning', `${info.name} has ${2 ** info.bits} bit patterns, too many to list; ` +
      'number lines are drawn for formats of at most 8 bits.'));
    return { format, absmax: null, values: [], notes };
  }
  let scale: number | null = null;
  if (info.needsAbsmax) {
    const raw = absmax ?? 1;
    if (absmax === undefined) notes.push(note('absmax-assumed', 'info', 'no absmax given: listing values for absmax = 1.'));
    scale = Math.fround(raw);
    if (!(Number.isFinite(scale) && scale > 0)) {
      notes.push(absmaxInvalid(raw, false));
      return { format, absmax: scale, values: [], notes };
    }
  }
  const values: RepresentableValue[] = [];
  const floatSpec = FLOAT_SPECS[format];
  const intSpec = format === 'int8' ? INT8_SPEC : format === 'int4' ? INT4_SPEC : null;
  for (let pattern = 0; pattern < 2 ** info.bits; pattern++) {
    const bits = toBits(pattern, info.bits);
    if (floatSpec) {
      if (classifyPattern(floatSpec, pattern) === 'nan') continue;
      values.push({ pattern, bits, code: null, value: decodeBinaryFloat(floatSpec, pattern), produced: true });
    } else if (intSpec) {
      const code = intCodeOf(intSpec, pattern);
      values.push({ pattern, bits, code, value: intDecode(intSpec, code, scale!), produced: code >= -intSpec.qmax });
    } else {
      const id = format === 'nf4' ? 'nf4' : 'fp4';
      const produced = !(id === 'fp4' && pattern === 8);
      values.push({ pattern, bits, code: pattern, value: codebookDecode(id, pattern, scale!), produced });
    }
  }
  values.sort((a, b) => a.value - b.value || signOf(b.value) - signOf(a.value));
  return { format, absmax: scale, values, notes };
}

/** 1 for −0 and negatives, 0 otherwise: orders −0 before +0. */
function signOf(x: number): number {
  return x < 0 || Object.is(x, -0) ? 1 : 0;
}
