// A plain-TS reference of the LLM.int8 Linear subgraph (llm-int8.ts), step for step in
// float32, used to prove the ONNX graph right and to show the arithmetic in the app.
import { INV_127_F32 } from '../kernels/int8.ts';
import { roundHalfEven } from '../kernels/float32.ts';
import { INV_127_SQUARED_F32, TINY_ABSMAX } from './llm-int8.ts';

const f = Math.fround;

export interface LlmInt8Trace {
  y: Float32Array;
  /** Input columns sent through the 16-bit (here float32) outlier path. */
  outlierColumns: number[];
  /** Row absmax of the int8 path. */
  sca: Float32Array;
}

/** x [M, K] float32; cb [K, N] int8 (ONNX layout); scb [N]. Returns y [M, N] without bias. */
export function llmInt8Linear(x: Float32Array, M: number, K: number, cb: Int8Array, scb: Float32Array, N: number, threshold: number): LlmInt8Trace {
  const outlierColumns: number[] = [];
  if (threshold > 0) {
    for (let k = 0; k < K; k++) {
      let max = 0;
      for (let m = 0; m < M; m++) max = Math.max(max, Math.abs(x[m * K + k]!));
      if (max >= threshold) outlierColumns.push(k);
    }
  }
  const isOutlier = new Uint8Array(K);
  for (const k of outlierColumns) isOutlier[k] = 1;
  const sca = new Float32Array(M);
  const y = new Float32Array(M * N);
  const xq = new Int32Array(K);
  for (let m = 0; m < M; m++) {
    let absmax = 0;
    for (let k = 0; k < K; k++) {
      const a = Math.abs(x[m * K + k]!);
      if ((threshold <= 0 || a < threshold) && a > absmax) absmax = a;
    }
    sca[m] = absmax;
    const factor = f(127 / Math.max(absmax, f(TINY_ABSMAX)));
    for (let k = 0; k < K; k++) xq[k] = isOutlier[k] ? 0 : roundHalfEven(f(x[m * K + k]! * factor));
    for (let n = 0; n < N; n++) {
      let acc = 0;
      for (let k = 0; k < K; k++) acc += xq[k]! * cb[k * N + n]!;
      y[m * N + n] = f(f(f(f(acc) * absmax) * scb[n]!) * INV_127_SQUARED_F32);
      if (outlierColumns.length) {
        let extra = 0;
        for (const k of outlierColumns) extra = f(extra + f(x[m * K + k]! * f(f(cb[k * N + n]! * scb[n]!) * INV_127_F32)));
        y[m * N + n] = f(y[m * N + n]! + extra);
      }
    }
  }
  return { y, outlierColumns, sca };
}
