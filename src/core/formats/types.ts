// Shared vocabulary of the number-format core: format ids, field layouts, notes and the
// description every codec produces. Pure data types — no DOM, no Node.

export type FormatId =
  | 'fp32'
  | 'fp16'
  | 'bf16'
  | 'fp8-e4m3'
  | 'fp8-e5m2'
  | 'int8'
  | 'int4'
  | 'fp4'
  | 'nf4';

export type FormatKind = 'float' | 'int' | 'codebook';

/**
 * 'code' is a two's-complement integer (INT8/INT4), 'index' a codebook index (NF4),
 * 'magnitude' the three low bits of bitsandbytes' FP4 code (a table position, not an
 * exponent/mantissa pair — see codebook4.ts).
 */
export type FieldName = 'sign' | 'exponent' | 'mantissa' | 'code' | 'index' | 'magnitude';

/** Where a field sits in the bit pattern; bit 0 is the least significant bit. */
export interface FieldLayout {
  name: FieldName;
  msb: number;
  lsb: number;
}

export interface FormatInfo {
  id: FormatId;
  /** Short name for labels, e.g. "FP16". */
  name: string;
  /** One line for tooltips and the CLI header. */
  title: string;
  bits: number;
  kind: FormatKind;
  /** Fields from the most significant bit down; they partition the pattern. */
  fields: readonly FieldLayout[];
  /** INT8/INT4/FP4/NF4 store codes that only mean something together with a block absmax. */
  needsAbsmax: boolean;
}

export type NoteKind =
  | 'overflow-inf'
  | 'overflow-saturated'
  | 'overflow-nan'
  | 'underflow-zero'
  | 'subnormal'
  | 'nan-input'
  | 'saturate-ignored'
  | 'absmax-invalid'
  | 'absmax-assumed'
  | 'absmax-rounded'
  | 'outside-block'
  | 'never-produced'
  | 'bad-pattern'
  | 'no-neighbour'
  | 'empty-block'
  | 'zero-block'
  | 'too-many-values';

export type Severity = 'info' | 'warning' | 'error';

/** An inline message for the UI: what happened and, where useful, what to do about it. */
export interface Note {
  kind: NoteKind;
  severity: Severity;
  message: string;
}

/** One field of a concrete bit pattern. */
export interface Field {
  name: FieldName;
  msb: number;
  lsb: number;
  /** The field's bits, most significant first. */
  bits: string;
  /** The field read as an unsigned integer. */
  stored: number;
  /** Exponent fields: the bias subtracted from the stored value. */
  bias?: number;
  /** Exponent fields: the power of two actually applied (1 − bias for subnormals). */
  unbiased?: number;
  /** Integer code fields: the two's-complement value. */
  signed?: number;
  /** Plain-words reading of the field, e.g. "stored 17 − bias 15 = 2". */
  meaning: string;
}

export interface DescribeOptions {
  /** Block absmax for INT8/INT4/FP4/NF4; ignored by the float formats. */
  absmax?: number;
  /** FP8 only: clamp overflow (and ±Inf) to ±max finite instead of NaN/Inf (OCP "saturating"). */
  saturate?: boolean;
}

export interface ValueDescription {
  format: FormatId;
  /** The value asked about (for describeBits: the decoded value). */
  input: number;
  /** The bit pattern, most significant bit first, e.g. "0100010101000000". */
  bits: string;
  pattern: number;
  /** "0x" + upper-case hex digits, one digit per 4 bits (rounded up), e.g. "0x4540". */
  hex: string;
  fields: Field[];
  /** Signed integer code (INT8/INT4) or codebook index (FP4/NF4); null for floats. */
  code: number | null;
  /** The block absmax used (float32), for formats that need one; null otherwise. */
  absmax: number | null;
  decoded: number;
  /** |decoded − input|; 0 when both are the same infinity or both NaN; null when undefined. */
  absError: number | null;
  /** absError / |input|; null when input is 0 or not finite. */
  relError: number | null;
  /** Nearest representable value strictly below / above `decoded`; null where there is none. */
  below: number | null;
  above: number | null;
  /** The arithmetic spelled out, e.g. "stored exponent 17 − bias 15 = 2; 1.3125 × 2² = 5.25". */
  explanation: string;
  notes: Note[];
}
