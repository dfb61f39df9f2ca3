// The shared absmax suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { describe, it } from 'vitest';
import * as cpu from '../../../src/core/kernels/index.ts';
import { normalSample } from '../../../src/core/random.ts';
import { absmaxSuite } from '../../kernels/absmax-half.suite.ts';
import { expectSameBytes, ran, suiteContext } from '../../kernels/context.ts';

const ctx = suiteContext('webgpu');
absmaxSuite(ctx);

describe('absmax vec4 paths (widths that are multiples of 4)', () => {
  // NaN, ±Inf, subnormals, and whole rows/columns of subnormals or NaN (their absmax is 0).
  const special = (rows: number, cols: number): Float32Array => {
    const x = normalSample(rows * cols, 7);
    const bits = new Uint32Array(x.buffer);
    for (let i = 0; i < x.length; i += 13) bits[i] = 0x7fc00001;
    for (let i = 5; i < x.length; i += 29) bits[i] = 0x00400000 | (i & 0x80000000);
    for (let i = 3; i < x.length; i += 101) x[i] = i % 2 ? Infinity : -Infinity;
    for (let c = 0; c < cols; c++) bits[c] = 0x80000001; // row 0: subnormals only
    for (let r = 0; r < rows; r++) bits[r * cols + 1] = 0x007fffff; // column 1: subnormals only
    for (let r = 0; r < rows; r++) bits[r * cols + 2] = 0xffc00000; // column 2: NaN only
    return x;
  };
  it('matches the CPU reference for rows, columns and blocks with special values', async () => {
    const k = ctx.make();
    // 256 groups or more take the one-invocation-per-group (and per-4/16-columns) entry points.
    for (const [rows, cols] of [[8, 12], [260, 8], [8, 256], [3, 516], [300, 6], [5, 272]] as const) {
      const x = special(rows, cols);
      expectSameBytes(ran(ctx, await k.rowAbsmax(x, rows, cols)), cpu.rowAbsmax(x, rows, cols));
      expectSameBytes(ran(ctx, await k.colAbsmax(x, rows, cols)), cpu.colAbsmax(x, rows, cols));
      expectSameBytes(ran(ctx, await k.blockAbsmax(x, 64)), cpu.blockAbsmax(x, 64));
    }
    k.dispose();
  });
});
