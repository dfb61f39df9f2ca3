// Memory accounting of a model variant, in three conventions (formats.md §3, errata 6–7):
// (a) transformersBytes — what model.get_memory_footprint() prints in Python: parameters
//     (tied ones once) + buffers; a 4-bit weight counts n/2 bytes, an 8-bit weight n bytes;
//     absmax, scales, zero points and double-quant statistics are NOT counted;
// (b) trueBytes — every byte needed to hold the weights: codes AND their absmax/scales/zero
//     points/maps, tied parameters once, buffers included;
// (c) onnxFileBytes — the size of the ONNX file we write (graph + all initializers; a tied
//     decoder is duplicated by most exports).
import type { TensorKind } from '../recipes/workbench.ts';

export interface TensorFootprint {
  /** Tensor name: an ONNX initializer, or a parameter/side tensor for the config calculator. */
  name: string;
  /** The model parameter it stores or describes. */
  param: string;
  kind: TensorKind | 'buffer' | 'tied-copy';
  dtype: string;
  shape: number[];
  /** Convention (b). */
  bytes: number;
  /** Convention (a). */
  transformersBytes: number;
}

/** Storage of one pruned weight: dense, or sparse (PyTorch layout: rows = outputs). */
export interface SparseStorage {
  name: string;
  rows: number;
  cols: number;
  nonZero: number;
  valueBits: number;
  dense: number;
  /** CSR with 16-bit column indices (undefined when cols > 65536) and 32-bit row pointers. */
  csr16?: number;
  csr32: number;
  /** One bit per element + the non-zero values. */
  bitmask: number;
}

export interface SparseSummary {
  tensors: SparseStorage[];
  dense: number;
  csr16?: number;
  csr32: number;
  bitmask: number;
  /**
   * What get_memory_footprint() prints after torch.nn.utils.prune WITHOUT prune.remove():
   * weight_orig stays a parameter and weight_mask (same dtype, same shape) is a buffer.
   */
  torchPruneTransformersBytes: number;
}

export interface Footprint {
  recipe: string;
  source: 'config' | 'onnx';
  /** Logical parameters (tied once), after structured pruning if any. */
  parameters: number;
  tensors: TensorFootprint[];
  transformersBytes: number;
  trueBytes: number;
  onnxFileBytes?: number;
  sparse?: SparseSummary;
  notes: string[];
}

export const DTYPE_BYTES: Record<string, number> = { float32: 4, float16: 2, int8: 1, uint8: 1, int64: 8, int32: 4 };
