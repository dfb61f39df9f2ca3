// The two OCP 8-bit float formats (OFP8, as torch.float8_e4m3fn / float8_e5m2 and ONNX
// FLOAT8E4M3FN / FLOAT8E5M2):
// * E4M3: bias 7, NO infinities; S.1111.111 is NaN, so the top binade is finite up to
//   S.1111.110 = ±448. Smallest normal 2⁻⁶, smallest subnormal 2⁻⁹.
// * E5M2: bias 15, IEEE-like (S.11111.00 = ±Inf, S.11111.{01,10,11} = NaN); max 57344.
// Conversion rounds to nearest even. Overflow (a rounded magnitude beyond max finite):
//   non-saturating (PyTorch's cast, ONNX saturate=0): E4M3 → NaN, E5M2 → ±Inf;
//   saturating (ONNX's default saturate=1): both → ±max finite, and so does ±Inf.

import { type BinaryFloatSpec, decodeBinaryFloat, encodeBinaryFloat, type FloatEncoding } from './ieee.ts';

export const E4M3_SPEC: BinaryFloatSpec = {
  name: 'E4M3', expBits: 4, manBits: 3, bias: 7, specials: 'finite-nan', canonicalNaN: 0x7f,
};

export const E5M2_SPEC: BinaryFloatSpec = {
  name: 'E5M2', expBits: 5, manBits: 2, bias: 15, specials: 'ieee', canonicalNaN: 0x7e,
};

export function e4m3Encode(x: number, saturate = false): FloatEncoding {
  return encodeBinaryFloat(E4M3_SPEC, x, saturate);
}

export function e4m3Decode(bits: number): number {
  return decodeBinaryFloat(E4M3_SPEC, bits & 0xff);
}

export function e5m2Encode(x: number, saturate = false): FloatEncoding {
  return encodeBinaryFloat(E5M2_SPEC, x, saturate);
}

export function e5m2Decode(bits: number): number {
  return decodeBinaryFloat(E5M2_SPEC, bits & 0xff);
}
