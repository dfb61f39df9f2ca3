// Builds kernel WGSL: shared libraries + constant tables generated from the CPU-side
// definitions (so the NF4/FP4 codebooks and the dynamic map exist once, in
// src/core/formats/codebooks.ts) + the kernel file.
import f32Lib from '../../shaders/lib/f32.wgsl?raw';
import halfLib from '../../shaders/lib/half.wgsl?raw';
import { f32Bits } from '../core/kernels/float32.ts';
import type { ShaderSpec } from './pipelines.ts';

export const LIB_F32 = f32Lib;
export const LIB_HALF = halfLib;

/** An exact WGSL literal for a float32 value (hexadecimal float, so no decimal rounding). */
export function wgslF32Literal(value: number): string {
  const bits = f32Bits(value);
  const sign = bits >>> 31 ? '-' : '';
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0 && mant === 0) return `${sign}0.0f`;
  if (exp === 0 || exp === 255) throw new Error(`no WGSL literal for ${value}`);
  return `${sign}0x1.${(mant << 1).toString(16).padStart(6, '0')}p${exp - 127}f`;
}

/**
 * A float32 table as exact bit patterns plus an accessor `NAME(i)`: literals like -0.0f do not
 * survive every compiler as −0 (SwiftShader gave +0), bit patterns do.
 */
export function wgslConstF32Array(name: string, values: ArrayLike<number>): string {
  const bits = Array.from(values, (v) => `${f32Bits(v)}u`).join(', ');
  return (
    `const ${name}_BITS = array<u32, ${values.length}>(${bits});\n` +
    `fn ${name}(i: u32) -> f32 { return bitcast<f32>(${name}_BITS[i]); }\n`
  );
}

export function wgslConstU32Array(name: string, values: ArrayLike<number>): string {
  return `const ${name} = array<u32, ${values.length}>(${Array.from(values, (v) => `${v >>> 0}u`).join(', ')});\n`;
}

const SHADERS = new Map<string, ShaderSpec>();

export function shader(name: string, parts: Array<string | (() => string)>): ShaderSpec {
  const spec = { name, code: () => parts.map((p) => (typeof p === 'string' ? p : p())).join('\n') };
  SHADERS.set(name, spec);
  return spec;
}

/** Every shader declared so far by name (the pipeline cache turns stored keys back into specs). */
export function shaderNamed(name: string): ShaderSpec | undefined {
  return SHADERS.get(name);
}
