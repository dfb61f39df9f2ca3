// Layout helpers. bitsandbytes and MatMulBnb4 block a weight in PyTorch order [out, in];
// an ONNX MatMul initializer is [in, out], so it is quantized as its transpose.

/** Row-major [rows, cols] → row-major [cols, rows]. */
export function transposeF32(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c]!;
  }
  return out;
}

/** Which axis order a 2-D weight is stored in. */
export type WeightLayout = 'out-in' | 'in-out';
