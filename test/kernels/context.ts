// What a shared kernel suite needs: a way to make the kernel API on the backend under test.
// test/unit/kernels/* run the suites on the CPU reference in Node; test/gpu/kernels/* run the
// same suites on WebGPU in Chromium (and assert the GPU really ran).
import { expect } from 'vitest';
import type { Backend, Kernels, KernelsOptions, Ran } from '../../src/gpu/kernels.ts';
import { createKernels } from '../../src/gpu/kernels.ts';
import { firstByteMismatch } from '../helpers/bytes.ts';

export interface SuiteContext {
  backend: Backend;
  make(options?: KernelsOptions): Kernels;
  /** Run the 1 048 593-element cases (against the independent oracles or the CPU reference). */
  large: boolean;
}

export function suiteContext(backend: Backend): SuiteContext {
  return {
    backend,
    make: (options = {}) => createKernels({ ...options, backend }),
    large: true,
  };
}

/** Unwraps a result after checking which backend produced it. */
export function ran<T>(ctx: SuiteContext, r: Ran<T>): T {
  expect(r.backend).toBe(ctx.backend);
  return r.value;
}

export function expectSameBytes(actual: ArrayBufferView, expected: ArrayBufferView): void {
  expect(firstByteMismatch(actual, expected)).toBeNull();
}

export const LARGE_N = 1_048_593;
export const SIZES = [1, 63, 64, 65, 4097];
