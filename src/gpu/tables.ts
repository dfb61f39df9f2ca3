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

/**
 * fn name(s: f32) -> u32: how many thresholds are strictly below s (NaN → 0), for 2^k − 1
 * strictly ascending thresholds. A branch-free binary search: k comparisons, each against a
 * threshold picked by a select tree on the bits found so far (k compares + 2^k − k − 1 selects
 * instead of 2^k − 1 compares and adds; SwiftShader runs it as straight-line SIMD code).
 */
export function wgslCountBelow(name: string, thresholds: ArrayLike<number>): string {
  const t = Array.from(thresholds);
  const levels = Math.log2(t.length + 1);
  if (!Number.isInteger(levels) || t.some((v, i) => i > 0 && !(v > t[i - 1]!))) {
    throw new Error(`${name}: need 2^k - 1 strictly ascending thresholds, got ${t.length}`);
  }
  const bit = (j: number) => `b${levels - 1 - j}`;
  // Candidates at level j, indexed by the prefix p of bits found above it (MSB first).
  const pick = (cands: string[], from = 0): string => {
    if (cands.length === 1) return cands[0]!;
    const half = cands.length / 2;
    return `select(${pick(cands.slice(0, half), from + 1)}, ${pick(cands.slice(half), from + 1)}, ${bit(from)})`;
  };
  const lines: string[] = [];
  for (let j = 0; j < levels; j++) {
    const span = 2 ** (levels - j);
    const cands = Array.from({ length: 2 ** j }, (_, p) => wgslF32Literal(t[p * span + span / 2 - 1]!));
    lines.push(`  let ${bit(j)} = s > ${pick(cands)};`);
  }
  const sum = Array.from({ length: levels }, (_, j) => `select(0u, ${2 ** (levels - 1 - j)}u, ${bit(j)})`).join(' | ');
  return `fn ${name}(s: f32) -> u32 {\n${lines.join('\n')}\n  return ${sum};\n}\n`;
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

/** FP4 rank → code bits as arithmetic (bnb4-quantize.wgsl), checked against the table. */
const fp4RankBits = (r: number) => ((8 - (r & 6)) & 6) | (r & 1);
if (FP4_RANK_TO_BITS.some((bits, r) => fp4RankBits(r) !== bits)) throw new Error('FP4 rank→bits formula disagrees with FP4_RANK_TO_BITS');

export const BNB4_ENCODE_TABLES = (): string =>
  wgslCountBelow('nf4_code', NF4_THRESHOLDS) + wgslCountBelow('fp4_rank', FP4_MAGNITUDE_LIMITS);

export const BNB4_DECODE_TABLES = (): string => wgslLookupF32('NF4_CODEBOOK', NF4_CODEBOOK) + wgslLookupF32('FP4_CODEBOOK', FP4_CODEBOOK);

export const DYNAMIC_MAP_TABLES = (): string =>
  wgslConstF32Array('DYNAMIC_MAP', dynamicMap()) + wgslConstF32Array('DYNAMIC_THRESHOLDS', dynamicMapThresholds());
