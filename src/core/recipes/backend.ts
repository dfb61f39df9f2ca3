// The numeric work of every recipe goes through a KernelBackend, so the browser can swap the
// CPU references for WebGPU kernels (src/gpu) that produce byte-identical tensors. Methods are
// async because GPU kernels are; the CPU backend simply wraps the pure reference functions.
import { f16BitsToF32, f32ToF16Bits } from '../formats/half.ts';
import { quantizeBnb4Matrix, type Bnb4MatrixOptions, type Bnb4Quantized } from '../kernels/bnb4.ts';
import { doubleQuantize, type DoubleQuantized } from '../kernels/double-quant.ts';
import { quantizeInt8PerChannel, quantizeInt8Rowwise, type Int8PerChannel, type Int8Rowwise, type Int8RowwiseOptions } from '../kernels/int8.ts';
import { quantizeNBits, type NBitsOptions, type NBitsQuantized } from '../kernels/nbits.ts';
import { structuredSums, type StructuredAxis, type StructuredNorm } from '../kernels/prune.ts';
import { l1PruneMasks, twoOfFourMask } from './prune-select.ts';

export interface KernelBackend {
  readonly name: string;
  /** NF4/FP4 blockwise codes + absmax in the MatMulBnb4 layout. */
  quantizeBnb4(weight: Float32Array, options: Bnb4MatrixOptions): Promise<Bnb4Quantized>;
  /** 8-bit dynamic-map quantization of 4-bit absmax values (blocks of 256). */
  doubleQuantize(absmax: Float32Array): Promise<DoubleQuantized>;
  /** MatMulNBits layout with onnxruntime's rounding. */
  quantizeNBits(weight: Float32Array, options: NBitsOptions): Promise<NBitsQuantized>;
  /** LLM.int8 weights: fp16 cast, row-wise absmax SCB, int8 CB in [out, in] order. */
  quantizeInt8Rowwise(weight: Float32Array, options: Int8RowwiseOptions): Promise<Int8Rowwise>;
  /** Symmetric per-output-channel int8 for DequantizeLinear (axis 1 of [in, out]). */
  quantizeInt8PerChannel(weight: Float32Array, rows: number, cols: number): Promise<Int8PerChannel>;
  /** float32 → IEEE binary16 bit patterns (round to nearest even). */
  toFloat16(values: Float32Array): Promise<Uint16Array>;
  /**
   * Keep-masks (1 keep, 0 prune) that prune round(amount · total) weights of smallest |w| over
   * all given tensors together (one tensor = per-layer pruning).
   */
  l1PruneMasks(tensors: readonly Float32Array[], amount: number): Promise<Uint8Array[]>;
  /**
   * Each tensor pruned on its own (per-layer pruning), i.e. l1PruneMasks([t], amount) for every
   * t, in one call so a GPU backend can do all tensors in each of its steps together.
   */
  l1PruneMasksPerTensor(tensors: readonly Float32Array[], amount: number): Promise<Uint8Array[]>;
  /** 2:4 keep-mask of an [in, out] weight: in every 4 consecutive inputs of an output, keep 2. */
  twoOfFourMask(weight: Float32Array, inFeatures: number, outFeatures: number): Promise<Uint8Array>;
  /**
   * Per-row or per-column float32 accumulators of a [rows, cols] weight, summed in index order:
   * Σ|w| (l1) or Σw² (l2). Structured pruning ranks heads by them.
   */
  structuredSums(weight: Float32Array, rows: number, cols: number, axis: StructuredAxis, norm: StructuredNorm): Promise<Float32Array>;
}

export const cpuBackend: KernelBackend = {
  name: 'cpu',
  quantizeBnb4: async (weight, options) => quantizeBnb4Matrix(weight, options),
  doubleQuantize: async (absmax) => doubleQuantize(absmax),
  quantizeNBits: async (weight, options) => quantizeNBits(weight, options),
  quantizeInt8Rowwise: async (weight, options) => quantizeInt8Rowwise(weight, options),
  quantizeInt8PerChannel: async (weight, rows, cols) => quantizeInt8PerChannel(weight, rows, cols),
  toFloat16: async (values) => float32ToFloat16(values),
  l1PruneMasks: async (tensors, amount) => l1PruneMasks(tensors, amount),
  l1PruneMasksPerTensor: async (tensors, amount) => tensors.map((t) => l1PruneMasks([t], amount)[0]!),
  twoOfFourMask: async (weight, inFeatures, outFeatures) => twoOfFourMask(weight, inFeatures, outFeatures),
  structuredSums: async (weight, rows, cols, axis, norm) => structuredSums(weight, rows, cols, axis, norm),
};

export function float32ToFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f32ToF16Bits(values[i]!);
  return out;
}

export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = f16BitsToF32(bits[i]!);
  return out;
}
