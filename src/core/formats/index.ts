// Public surface of the number-format core. Pure TypeScript: runs in Node and the browser.

export type {
  DescribeOptions, Field, FieldLayout, FieldName, FormatId, FormatInfo, FormatKind, Note, NoteKind, Severity,
  ValueDescription,
} from './types.ts';
export { FORMATS, FORMAT_IDS, isFormatId } from './registry.ts';
export { describeBits, describeValue, stepValue } from './describe.ts';
export { representableValues, type RepresentableValue, type RepresentableValues } from './values.ts';
export { blockAbsmax, quantizeBlock, type BlockOptions, type BlockResult } from './block.ts';
export { looksLikeBits, parseBitsInput, parseValueInput, type ParsedBits, type ParsedValue } from './parse.ts';
export {
  bf16BitsToF32, bf16FromF32Bits, f16BitsToF32, f32Bits, f32FromBits, f32ToBf16Bits, f32ToF16Bits,
} from './half.ts';
export {
  BF16_SPEC, FP16_SPEC, FP32_SPEC, type BinaryFloatSpec, type FloatEncoding, decodeBinaryFloat, encodeBinaryFloat,
} from './ieee.ts';
export { E4M3_SPEC, E5M2_SPEC, e4m3Decode, e4m3Encode, e5m2Decode, e5m2Encode } from './fp8.ts';
export { INT4_SPEC, INT8_SPEC, intDecode, intEncode, roundHalfEven } from './integer.ts';
export {
  bytesToHex, codebookDecode, codebookEncode, codebookTable, packNibblesHighFirst, zeroCode,
} from './codebook4.ts';
export {
  FP4_CODEBOOK, FP4_MAGNITUDE_LIMITS, NF4_CODEBOOK, NF4_THRESHOLDS, dynamicMap8, fp4Encode, nf4Encode,
} from './codebooks.ts';
