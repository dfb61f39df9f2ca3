// Input checks shared by the CPU references and the GPU hosts (same errors on both paths).
import { KernelInputError } from './errors.ts';

export const MIN_BLOCK = 32;
export const MAX_BLOCK = 4096;

export function requireNonEmpty(kernel: string, n: number): void {
  if (n === 0) throw new KernelInputError('empty', kernel, 'a tensor with at least one element', 'an empty tensor');
}

export function requireBlockSize(kernel: string, blockSize: number, min = MIN_BLOCK, max = MAX_BLOCK): void {
  const ok = Number.isInteger(blockSize) && blockSize >= min && blockSize <= max && (blockSize & (blockSize - 1)) === 0;
  if (!ok) {
    throw new KernelInputError('block-size', kernel, `a power-of-two block size from ${min} to ${max}`, String(blockSize));
  }
}

export function requireLength(kernel: string, what: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new KernelInputError('length-mismatch', kernel, `${what} of length ${expected}`, `length ${actual}`);
  }
}

export function requireShape(kernel: string, n: number, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows <= 0 || cols <= 0) {
    throw new KernelInputError('shape', kernel, 'positive integer rows and columns', `[${rows}, ${cols}]`);
  }
  if (rows * cols !== n) {
    throw new KernelInputError('length-mismatch', kernel, `${rows}×${cols} = ${rows * cols} elements`, `${n} elements`);
  }
}

/**
 * Scales must not be NaN (a NaN scale would silently poison a whole block). ±Inf is allowed:
 * it is what quantizing a block that holds an Inf produces.
 */
export function requireNoNaNScales(kernel: string, what: string, scales: ArrayLike<number>): void {
  for (let i = 0; i < scales.length; i++) {
    if (Number.isNaN(scales[i]!)) {
      throw new KernelInputError('bad-scale', kernel, `${what} that are not NaN`, `NaN at index ${i}`);
    }
  }
}

export function requireParameter(kernel: string, ok: boolean, expected: string, given: unknown): void {
  if (!ok) throw new KernelInputError('bad-parameter', kernel, expected, String(given));
}
