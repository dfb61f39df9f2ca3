// Which float formats use the generic binary codec, and with which parameters.

import { type BinaryFloatSpec, BF16_SPEC, FP16_SPEC, FP32_SPEC } from './ieee.ts';
import { E4M3_SPEC, E5M2_SPEC } from './fp8.ts';
import type { FormatId } from './types.ts';

export const FLOAT_SPECS: Readonly<Partial<Record<FormatId, BinaryFloatSpec>>> = {
  fp32: FP32_SPEC, fp16: FP16_SPEC, bf16: BF16_SPEC, 'fp8-e4m3': E4M3_SPEC, 'fp8-e5m2': E5M2_SPEC,
};

/** The OCP FP8 formats are the ones with a saturating conversion. */
export const SATURATING: ReadonlySet<FormatId> = new Set<FormatId>(['fp8-e4m3', 'fp8-e5m2']);
