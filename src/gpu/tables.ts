// WGSL for the constant tables, generated from the CPU-side definitions (one source of truth:
// src/core/formats/codebooks.ts and the dynamic map). Why generated code rather than `const`
// arrays: indexing a WGSL const array with a runtime index makes the compiler copy the whole
// array into a local first — per call. The benchmark showed encoders spending most of their
// time there on SwiftShader; unrolled comparisons against literals and select chains avoid it.
// Values go through u32 bit patterns and a runtime bitcast, because a -0.0 literal came out as
// +0 on SwiftShader.
import { FP4_CODEBOOK, FP4_MAGNITUDE_LIMITS, FP4_RANK_TO_BITS, NF4_CODEBOOK, NF4_THRESHOLDS } from '../core/formats/codebooks.ts';
import { dynamicMap, dynamicMapThresholds } from '../core/kernels/double-quant.ts';
import { f32Bits } from '../core/kernels/float32.ts';
import { wgslConstF32Array, wgslF32Literal } from './shader-source.ts';

/** fn name(s: f32) -> u32: how many thresholds are strictly below s (NaN → 0). */
export function wgslCountBelow(name: string, thresholds: ArrayLike<number>): string {
  const lines = Array.from(thresholds, (t) => `  c = c + select(0u, 1u, s > ${wgslF32Literal(t)});`);
  return `fn ${name}(s: f32) -> u32 {\n  var c = 0u;\n${lines.join('\n')}\n  return c;\n}\n`;
}

/** fn name(i: u32) -> u32 as a select chain (no arrays). */
export function wgslLookupU32(name: string, values: ArrayLike<number>): string {
  const v = Array.from(values, (x) => `${x >>> 0}u`);
  const lines = v.slice(1).map((x, i) => `  r = select(r, ${x}, i == ${i + 1}u);`);
  return `fn ${name}(i: u32) -> u32 {\n  var r = ${v[0]};\n${lines.join('\n')}\n  return r;\n}\n`;
}

/** fn name(i: u32) -> f32 through the bit patterns (runtime bitcast keeps −0). */
export function wgslLookupF32(name: string, values: ArrayLike<number>): string {
  return wgslLookupU32(`${name}_BITS`, Array.from(values, f32Bits)) + `fn ${name}(i: u32) -> f32 { return bitcast<f32>(${name}_BITS(i)); }\n`;
}

export const BNB4_ENCODE_TABLES = (): string =>
  wgslCountBelow('nf4_code', NF4_THRESHOLDS) +
  wgslCountBelow('fp4_rank', FP4_MAGNITUDE_LIMITS) +
  wgslLookupU32('FP4_RANK_BITS', FP4_RANK_TO_BITS);

export const BNB4_DECODE_TABLES = (): string => wgslLookupF32('NF4_CODEBOOK', NF4_CODEBOOK) + wgslLookupF32('FP4_CODEBOOK', FP4_CODEBOOK);

export const DYNAMIC_MAP_TABLES = (): string =>
  wgslConstF32Array('DYNAMIC_MAP', dynamicMap()) + wgslConstF32Array('DYNAMIC_THRESHOLDS', dynamicMapThresholds());
