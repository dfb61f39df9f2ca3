// Dense vs sparse storage of a pruned weight (errata 7: zeros in a dense tensor save nothing).
import type { SparseStorage, SparseSummary } from './types.ts';

export function sparseStorage(name: string, rows: number, cols: number, nonZero: number, valueBits: number): SparseStorage {
  const n = rows * cols;
  const values = Math.ceil((nonZero * valueBits) / 8);
  const rowPointers = (rows + 1) * 4;
  return {
    name, rows, cols, nonZero, valueBits,
    dense: Math.ceil((n * valueBits) / 8),
    csr16: cols <= 65536 ? values + nonZero * 2 + rowPointers : undefined,
    csr32: values + nonZero * 4 + rowPointers,
    bitmask: Math.ceil(n / 8) + values,
  };
}

export function summarizeSparse(tensors: SparseStorage[], transformersBytes: number, maskBytesPerElement: number): SparseSummary {
  const sum = (pick: (s: SparseStorage) => number) => tensors.reduce((total, s) => total + pick(s), 0);
  const csr16Possible = tensors.every((s) => s.csr16 !== undefined);
  return {
    tensors,
    dense: sum((s) => s.dense),
    csr16: csr16Possible ? sum((s) => s.csr16!) : undefined,
    csr32: sum((s) => s.csr32),
    bitmask: sum((s) => s.bitmask),
    torchPruneTransformersBytes: transformersBytes + sum((s) => s.rows * s.cols * maskBytesPerElement),
  };
}
