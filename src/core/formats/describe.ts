// describeValue / describeBits / stepValue: one entry point per question the UI asks,
// dispatching to the float, integer and codebook codecs. Nothing here throws on numeric
// input; everything unusual becomes a Note.

import {
  type BinaryFloatSpec, adjacentPattern, decodeBinaryFloat, encodeBinaryFloat, maxFinite, minNormal,
  minSubnormal, readFloatPattern,
} from './ieee.ts';
import { FLOAT_SPECS, SATURATING } from './float-specs.ts';
import { INT4_SPEC, INT8_SPEC, type IntSpec, intDecode, intEncode, intPatternOf, readIntPattern } from './integer.ts';
import {
  type CodebookFormatId, codebookEncode, codebookTable, readCodebookPattern, sortedTableValues,
} from './codebook4.ts';
import { FORMATS } from './registry.ts';
import type { DescribeOptions, Field, FormatId, Note, ValueDescription } from './types.ts';
import { num, toBits, toHex } from './text.ts';
import {
  absmaxInvalid, becameSubnormal, floatOverflow, note, outsideBlock, underflowToZero,
} from './notes.ts';

const f32 = Math.fround;

const INT_SPECS: Readonly<Partial<Record<FormatId, IntSpec>>> = { int8: INT8_SPEC, int4: INT4_SPEC };

/** What a codec hands back before errors and neighbours are added. */
interface Reading {
  pattern: number;
  fields: Field[];
  code: number | null;
  absmax: number | null;
  decoded: number;
  below: number | null;
  above: number | null;
  explanation: string;
  notes: Note[];
}

function finish(format: FormatId, input: number, reading: Reading): ValueDescription {
  const width = FORMATS[format].bits;
  const { absError, relError } = errorsOf(input, reading.decoded);
  return {
    format,
    input,
    bits: toBits(reading.pattern, width),
    pattern: reading.pattern,
    hex: toHex(reading.pattern, width),
    fields: reading.fields,
    code: reading.code,
    absmax: reading.absmax,
    decoded: reading.decoded,
    absError,
    relError,
    below: reading.below,
    above: reading.above,
    explanation: reading.explanation,
    notes: reading.notes,
  };
}

function errorsOf(input: number, decoded: number): { absError: number | null; relError: number | null } {
  if (!Number.isFinite(input)) return { absError: Object.is(input, decoded) ? 0 : null, relError: null };
  const absError = Math.abs(decoded - input);
  return { absError, relError: input === 0 ? null : absError / Math.abs(input) };
}

// ── floats ──────────────────────────────────────────────────────────────────────────────

function floatNeighbours(spec: BinaryFloatSpec, pattern: number) {
  const below = adjacentPattern(spec, pattern, -1);
  const above = adjacentPattern(spec, pattern, 1);
  return {
    below: below === null ? null : decodeBinaryFloat(spec, below),
    above: above === null ? null : decodeBinaryFloat(spec, above),
  };
}

function readFloat(spec: BinaryFloatSpec, pattern: number, notes: Note[], prefix = ''): Reading {
  const reading = readFloatPattern(spec, pattern);
  return {
    pattern, fields: reading.fields, code: null, absmax: null, decoded: reading.decoded,
    ...floatNeighbours(spec, pattern), explanation: prefix + reading.explanation, notes,
  };
}

function encodeFloat(format: FormatId, spec: BinaryFloatSpec, value: number, options: DescribeOptions): Reading {
  const notes: Note[] = [];
  const canSaturate = SATURATING.has(format);
  if (options.saturate && !canSaturate) {
    notes.push(note('saturate-ignored', 'info', `saturation applies to the FP8 formats only; ${spec.name} overflows to ±Infinity.`));
  }
  const encoding = encodeBinaryFloat(spec, value, canSaturate && options.saturate === true);
  const decoded = decodeBinaryFloat(spec, encoding.pattern);
  if (Number.isNaN(value)) {
    notes.push(note('nan-input', 'info', `NaN is stored as ${spec.name}'s canonical NaN ${toHex(encoding.pattern, FORMATS[format].bits)}; ` +
      'NaN has no neighbours and is not equal to anything, itself included.'));
  }
  if (encoding.overflow !== 'none') notes.push(floatOverflow(encoding.overflow, value, spec.name, maxFinite(spec), decoded));
  if (encoding.underflowToZero) notes.push(underflowToZero(value, spec.name, minSubnormal(spec), decoded));
  if (encoding.subnormal) {
    const mantissa = encoding.pattern % 2 ** spec.manBits;
    notes.push(becameSubnormal(value, spec.name, minNormal(spec), mantissa.toString(2).length, spec.manBits + 1));
  }
  return readFloat(spec, encoding.pattern, notes);
}

// ── absmax formats ──────────────────────────────────────────────────────────────────────

interface ResolvedAbsmax {
  absmax: number;
  valid: boolean;
  notes: Note[];
}

function resolveAbsmax(given: number | undefined, fallback: number, fallbackWhy: string): ResolvedAbsmax {
  const notes: Note[] = [];
  const assumed = given === undefined;
  const raw = assumed ? fallback : given;
  const absmax = f32(raw);
  const valid = Number.isFinite(absmax) && absmax > 0;
  if (assumed && valid) notes.push(note('absmax-assumed', 'info', fallbackWhy));
  if (!valid) notes.push(absmaxInvalid(raw, assumed));
  else if (absmax !== raw) {
    notes.push(note('absmax-rounded', 'info', `absmax is stored as float32: ${num(raw)} → ${num(absmax)}.`));
  }
  return { absmax, valid, notes };
}

function intNeighbours(spec: IntSpec, code: number, absmax: number, valid: boolean) {
  if (!valid) return { below: null, above: null };
  return {
    below: code - 1 >= -spec.qmax ? intDecode(spec, code - 1, absmax) : null,
    above: code + 1 <= spec.qmax ? intDecode(spec, code + 1, absmax) : null,
  };
}

function readInt(spec: IntSpec, pattern: number, resolved: ResolvedAbsmax, prefix = ''): Reading {
  const reading = readIntPattern(spec, pattern, resolved.absmax);
  return {
    pattern, fields: reading.fields, code: reading.code, absmax: resolved.absmax, decoded: reading.decoded,
    ...intNeighbours(spec, reading.code, resolved.absmax, resolved.valid),
    explanation: prefix + reading.explanation, notes: resolved.notes,
  };
}

function assumedAbsmaxMessage(value: number, what: string): string {
  return `no absmax given: using |x| = ${num(Math.abs(f32(value)))}, as if x were the largest value of its block. ` +
    `${what} only mean something with their block's absmax; enter it to place x inside a real block.`;
}

function encodeInt(spec: IntSpec, value: number, options: DescribeOptions): Reading {
  const resolved = resolveAbsmax(options.absmax, Math.abs(value), assumedAbsmaxMessage(value, `${spec.name} codes`));
  const { code, scaled, clamped } = intEncode(spec, value, resolved.absmax);
  const rounded = `round half to even → ${num(code)}${clamped ? ` (clamped to ±${spec.qmax})` : ''}`;
  const prefix = `${num(f32(value))} × ${spec.qmax}/${num(resolved.absmax)} = ${num(scaled)} → ${rounded}; `;
  const reading = readInt(spec, intPatternOf(spec, code), resolved, prefix);
  if (Number.isNaN(value)) {
    reading.notes.push(note('nan-input', 'warning', `${spec.name} has no NaN. A NaN scales to NaN, and converting NaN to an ` +
      'integer is undefined in PyTorch; bitlab stores code 0. Remove NaNs before quantizing.'));
  } else if (resolved.valid && Math.abs(f32(value)) > resolved.absmax) {
    reading.notes.push(outsideBlock(value, resolved.absmax, reading.decoded));
  }
  return reading;
}

function codebookNeighbours(id: CodebookFormatId, code: number, absmax: number, valid: boolean) {
  if (!valid) return { below: null, above: null };
  const values = sortedTableValues(id);
  const at = values.indexOf(codebookTable(id)[code]! + 0);
  const below = values[at - 1];
  const above = values[at + 1];
  return {
    below: below === undefined ? null : f32(below * absmax),
    above: above === undefined ? null : f32(above * absmax),
  };
}

function readCodebook(id: CodebookFormatId, pattern: number, resolved: ResolvedAbsmax, prefix = ''): Reading {
  const reading = readCodebookPattern(id, pattern, resolved.absmax);
  return {
    pattern, fields: reading.fields, code: pattern, absmax: resolved.absmax, decoded: reading.decoded,
    ...codebookNeighbours(id, pattern, resolved.absmax, resolved.valid),
    explanation: prefix + reading.explanation, notes: resolved.notes,
  };
}

function encodeCodebook(id: CodebookFormatId, value: number, options: DescribeOptions): Reading {
  const name = FORMATS[id].name;
  const resolved = resolveAbsmax(options.absmax, Math.abs(value), assumedAbsmaxMessage(value, `${name} codes`));
  const { code, scaled } = codebookEncode(id, value, resolved.absmax);
  const prefix = `s = ${num(f32(value))} × (1/${num(resolved.absmax)}) = ${num(scaled)} → code ${code}; `;
  const reading = readCodebook(id, code, resolved, prefix);
  if (Number.isNaN(value)) {
    const where = id === 'nf4' ? 'NF4 code 0 (−1.0 × absmax!)' : 'FP4 code 0 (the value 0)';
    reading.notes.push(note('nan-input', 'warning', `${name} has no NaN: bitsandbytes' encoder compares s = NaN false ` +
      `against every threshold, which gives ${where}. Remove NaNs before quantizing.`));
  } else if (resolved.valid && Math.abs(f32(value)) > resolved.absmax) {
    reading.notes.push(outsideBlock(value, resolved.absmax, reading.decoded));
  }
  return reading;
}

// ── public entry points ─────────────────────────────────────────────────────────────────

/** Round `value` into `format` and explain the result. */
export function describeValue(value: number, format: FormatId, options: DescribeOptions = {}): ValueDescription {
  const floatSpec = FLOAT_SPECS[format];
  const intSpec = INT_SPECS[format];
  let reading: Reading;
  if (floatSpec) reading = encodeFloat(format, floatSpec, value, options);
  else if (intSpec) reading = encodeInt(intSpec, value, options);
  else reading = encodeCodebook(format as CodebookFormatId, value, options);
  return finish(format, value, reading);
}

/** Read a bit pattern of `format` (an unsigned integer, e.g. 0x4540) and explain it. */
export function describeBits(pattern: number, format: FormatId, options: DescribeOptions = {}): ValueDescription {
  const info = FORMATS[format];
  const count = 2 ** info.bits;
  const notes: Note[] = [];
  let safe = pattern;
  if (!Number.isInteger(pattern)) {
    safe = 0;
    notes.push(note('bad-pattern', 'error', `a ${info.name} bit pattern is a whole number from 0 to ${count - 1} ` +
      `(${toHex(count - 1, info.bits)}); got ${num(pattern)}. Showing pattern 0.`));
  } else if (pattern < 0 || pattern >= count) {
    safe = ((pattern % count) + count) % count;
    notes.push(note('bad-pattern', 'error', `a ${info.name} bit pattern is a whole number from 0 to ${count - 1} ` +
      `(${toHex(count - 1, info.bits)}); got ${num(pattern)}. Showing its low ${info.bits} bits, ${toHex(safe, info.bits)}.`));
  }
  const floatSpec = FLOAT_SPECS[format];
  const intSpec = INT_SPECS[format];
  let reading: Reading;
  if (floatSpec) {
    reading = readFloat(floatSpec, safe, notes);
  } else {
    const resolved = resolveAbsmax(options.absmax, 1,
      'no absmax given: showing values for absmax = 1, i.e. the code before scaling; multiply by the block absmax.');
    resolved.notes.unshift(...notes);
    if (intSpec) {
      reading = readInt(intSpec, safe, resolved);
      if (reading.code !== null && reading.code < -intSpec.qmax) {
        reading.notes.push(note('never-produced', 'info', `code ${num(reading.code)} is a valid two's-complement pattern, but ` +
          `symmetric absmax quantization only produces −${intSpec.qmax}…${intSpec.qmax}.`));
      }
    } else {
      reading = readCodebook(format as CodebookFormatId, safe, resolved);
      if (format === 'fp4' && safe === 8) {
        reading.notes.push(note('never-produced', 'info', "code 8 is −0: bitsandbytes' FP4 encoder never produces it " +
          '(its sign bit is set only for s < 0), so 0 is always stored as code 0.'));
      }
    }
  }
  return finish(format, reading.decoded, reading);
}

/**
 * The representable value next to `value`'s rounded value, in `direction` (the UI's arrow
 * keys). INT/FP4/NF4 keep the block absmax fixed. At an end (or from NaN) the description
 * of the current value comes back with a 'no-neighbour' note.
 */
export function stepValue(value: number, format: FormatId, direction: 1 | -1, options: DescribeOptions = {}): ValueDescription {
  const current = describeValue(value, format, options);
  const target = direction > 0 ? current.above : current.below;
  if (target === null) {
    const which = direction > 0 ? 'above' : 'below';
    const why = Number.isNaN(current.decoded)
      ? 'NaN is not ordered, so it has no neighbours.'
      : `${num(current.decoded)} is the end of ${FORMATS[format].name}'s range: nothing is representable ${which} it` +
        (current.absmax !== null ? ' with this absmax.' : '.');
    return { ...current, notes: [...current.notes, note('no-neighbour', 'info', why)] };
  }
  const next = { ...options, ...(current.absmax !== null ? { absmax: current.absmax } : {}) };
  return describeValue(target, format, next);
}
