// bitsandbytes 4-bit (NF4 / FP4) blockwise quantization in the MatMulBnb4 layout
// (formats.md §1, §4): flat blocks of `blockSize` over the [out, in] weight, absmax per block
// (float32), s = x · (1/absmax) in float32, codes packed two per byte, even element in the
// HIGH nibble, an odd tail padded with the code of 0.0 (quantized in its block's scale).
import { FP4_CODEBOOK, NF4_CODEBOOK, fp4Encode, nf4Encode } from '../formats/codebooks.ts';
import { blockAbsmax } from './absmax.ts';
import { divF, mulF } from './float32.ts';
import { transposeF32, type WeightLayout } from './layout.ts';
import { requireBlockSize, requireNoNaNScales, requireLength, requireNonEmpty, requireShape } from './validate.ts';

export type Bnb4Type = 'nf4' | 'fp4';

export interface Bnb4Options {
  type: Bnb4Type;
  /** Power of two, 32…4096; bitsandbytes' default is 64. */
  blockSize?: number;
}

/** A 2-D weight to quantize: `in-out` (an ONNX initializer) is quantized as its transpose. */
export interface Bnb4MatrixOptions extends Bnb4Options {
  layout: WeightLayout;
  rows: number;
  cols: number;
}

export interface Bnb4Quantized {
  type: Bnb4Type;
  blockSize: number;
  /** Number of weights (the packed array holds ceil(n/2) bytes). */
  n: number;
  packed: Uint8Array;
  absmax: Float32Array;
}

export const DEFAULT_BNB4_BLOCK = 64;

export function bnb4Codebook(type: Bnb4Type): readonly number[] {
  return type === 'nf4' ? NF4_CODEBOOK : FP4_CODEBOOK;
}

export function quantizeBnb4(x: Float32Array, options: Bnb4Options): Bnb4Quantized {
  const blockSize = options.blockSize ?? DEFAULT_BNB4_BLOCK;
  requireNonEmpty('quantizeBnb4', x.length);
  requireBlockSize('quantizeBnb4', blockSize);
  const absmax = blockAbsmax(x, blockSize);
  const encode = options.type === 'nf4' ? nf4Encode : fp4Encode;
  const packed = new Uint8Array(Math.ceil(x.length / 2));
  let reciprocal = 0;
  for (let i = 0; i < packed.length * 2; i++) {
    const block = Math.floor(i / blockSize);
    if (i % blockSize === 0) reciprocal = divF(1, absmax[block]!);
    const code = encode(mulF(i < x.length ? x[i]! : 0, reciprocal));
    packed[i >> 1]! |= (i & 1) === 0 ? code << 4 : code;
  }
  return { type: options.type, blockSize, n: x.length, packed, absmax };
}

/** Quantize a 2-D weight; an [in, out] initializer is transposed to [out, in] first. */
export function quantizeBnb4Matrix(x: Float32Array, options: Bnb4MatrixOptions): Bnb4Quantized {
  requireShape('quantizeBnb4Matrix', x.length, options.rows, options.cols);
  const outIn = options.layout === 'in-out' ? transposeF32(x, options.rows, options.cols) : x;
  return quantizeBnb4(outIn, options);
}

export function checkBnb4(q: Bnb4Quantized, kernel: string): void {
  requireNonEmpty(kernel, q.n);
  requireBlockSize(kernel, q.blockSize);
  requireLength(kernel, 'packed codes', q.packed.length, Math.ceil(q.n / 2));
  requireLength(kernel, 'absmax', q.absmax.length, Math.ceil(q.n / q.blockSize));
  requireNoNaNScales(kernel, 'absmax values', q.absmax);
}

/** x̂ = float32(codebook[code] · absmax), flat in the quantized ([out, in]) order. */
export function dequantizeBnb4(q: Bnb4Quantized): Float32Array {
  checkBnb4(q, 'dequantizeBnb4');
  const table = bnb4Codebook(q.type);
  const out = new Float32Array(q.n);
  for (let i = 0; i < q.n; i++) {
    const byte = q.packed[i >> 1]!;
    const code = (i & 1) === 0 ? byte >> 4 : byte & 15;
    out[i] = mulF(table[code]!, q.absmax[Math.floor(i / q.blockSize)]!);
  }
  return out;
}
