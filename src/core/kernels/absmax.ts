// Block and row statistics: the absmax that every absmax-scaled format stores.
// Semantics (same in shaders/absmax.wgsl): max of |x| over the group, compared as u32 bit
// patterns (for non-negative floats the u32 order is the numeric order); NaN is ignored (like
// CUDA's fmaxf in bitsandbytes) and subnormals count as 0 (see float32.ts). An all-zero (or
// all-NaN) group has absmax 0.
import { absKeyFtz, f32FromBits } from './float32.ts';
import { requireBlockSize, requireNonEmpty, requireShape } from './validate.ts';

/** absmax of `count` groups: group g covers x[g*outer + i*inner] for i < len (clipped at n). */
function stridedAbsmax(x: Float32Array, count: number, len: number, outer: number, inner: number): Float32Array {
  const out = new Float32Array(count);
  const bits = new Uint32Array(x.buffer, x.byteOffset, x.length);
  for (let g = 0; g < count; g++) {
    let best = 0;
    for (let i = 0; i < len; i++) {
      const idx = g * outer + i * inner;
      if (idx >= x.length) break;
      const key = absKeyFtz(f32FromBits(bits[idx]!));
      if (key > best) best = key;
    }
    out[g] = f32FromBits(best);
  }
  return out;
}

/** absmax per consecutive block of `blockSize` elements (the last block may be partial). */
export function blockAbsmax(x: Float32Array, blockSize: number): Float32Array {
  requireNonEmpty('blockAbsmax', x.length);
  requireBlockSize('blockAbsmax', blockSize);
  return stridedAbsmax(x, Math.ceil(x.length / blockSize), blockSize, blockSize, 1);
}

/** absmax per row of a row-major [rows, cols] matrix (bitsandbytes' int8 SCB). */
export function rowAbsmax(x: Float32Array, rows: number, cols: number): Float32Array {
  requireNonEmpty('rowAbsmax', x.length);
  requireShape('rowAbsmax', x.length, rows, cols);
  return stridedAbsmax(x, rows, cols, cols, 1);
}

/** absmax per column of a row-major [rows, cols] matrix (per-output-channel of an [in,out] weight). */
export function colAbsmax(x: Float32Array, rows: number, cols: number): Float32Array {
  requireNonEmpty('colAbsmax', x.length);
  requireShape('colAbsmax', x.length, rows, cols);
  return stridedAbsmax(x, cols, rows, 1, cols);
}
