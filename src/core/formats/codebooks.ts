// The bitsandbytes 4-bit codebooks and encoder rules (../shared/reference/formats.md §1).
// Every constant is the float32 value bitsandbytes uses; comparisons happen in float32
// (Math.fround) so a CPU reference, a WGSL kernel and bitsandbytes agree bit for bit.

const f32 = Math.fround;

/** NF4: 16 quantiles of a normal distribution scaled to [-1, 1], with an exact 0 at index 7. */
export const NF4_CODEBOOK: readonly number[] = Object.freeze(
  [
    -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
    -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
    0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
    0.7229568362236023, 1.0,
  ].map(f32),
);

/** NF4 decision thresholds: float32 midpoints of neighbouring codebook entries (15 of them). */
export const NF4_THRESHOLDS: readonly number[] = Object.freeze(
  NF4_CODEBOOK.slice(1).map((hi, i) => f32((NF4_CODEBOOK[i]! + hi) / 2)),
);

/** FP4 (1 sign, 2 exponent, 1 mantissa bit) in bit-pattern order 0..15, normalised by 12. */
export const FP4_CODEBOOK: readonly number[] = Object.freeze(
  [0, 0.0625, 8, 12, 4, 6, 2, 3, -0, -0.0625, -8, -12, -4, -6, -2, -3].map((v) => f32(v / 12)),
);

/** bitsandbytes' CUDA FP4 encoder compares |s| against these float32 literals. */
export const FP4_MAGNITUDE_LIMITS: readonly number[] = Object.freeze(
  [0.00260417, 0.0859375, 0.20833333, 0.29166667, 0.4166667, 0.583333, 0.8333333].map(f32),
);

/** Magnitude rank (0 = smallest) → the 3 low bits of the FP4 code. */
export const FP4_RANK_TO_BITS: readonly number[] = Object.freeze([0b000, 0b001, 0b110, 0b111, 0b100, 0b101, 0b010, 0b011]);

/**
 * NF4 code of a value already scaled into [-1, 1] (s = x · (1/absmax) in float32).
 * The code is the number of thresholds strictly below s: a value on a midpoint takes the
 * lower code, and NaN (absmax 0) compares false everywhere and takes code 0.
 */
export function nf4Encode(scaled: number): number {
  let code = 0;
  for (const t of NF4_THRESHOLDS) if (scaled > t) code++;
  return code;
}

/** FP4 code of a scaled value with bitsandbytes' CUDA rules (sign bit iff s < 0). */
export function fp4Encode(scaled: number): number {
  const sign = scaled < 0 ? 0b1000 : 0;
  const magnitude = Math.abs(scaled);
  let rank = 0;
  for (const limit of FP4_MAGNITUDE_LIMITS) if (magnitude > limit) rank++;
  return sign | FP4_RANK_TO_BITS[rank]!;
}

/**
 * bitsandbytes' signed 8-bit "dynamic" map used for double quantization of absmax values:
 * for i = 0..6, the means of neighbouring points of float32 linspace(0.1, 1, 2^i + 1), times
 * 10^(i-6); plus their negations, 0 and 1.0; sorted ascending → 256 values.
 */
export function dynamicMap8(): Float32Array {
  const values: number[] = [];
  for (let i = 0; i <= 6; i++) {
    const points = torchLinspaceF32(0.1, 1, 2 ** i + 1);
    // torch multiplies a float32 tensor by a Python float in float32.
    const scale = f32(10 ** (i - 6));
    for (let k = 0; k + 1 < points.length; k++) {
      const mid = f32(f32(points[k]! + points[k + 1]!) / 2);
      values.push(f32(scale * mid), f32(-scale * mid));
    }
  }
  values.push(0, 1.0);
  values.sort((a, b) => a - b);
  return Float32Array.from(values);
}

/** torch.linspace in float32: the first half counts up from start, the second down from end. */
function torchLinspaceF32(start: number, end: number, steps: number): number[] {
  const s = f32(start);
  const e = f32(end);
  const step = f32(f32(e - s) / (steps - 1));
  const halfway = Math.floor(steps / 2);
  return Array.from({ length: steps }, (_, idx) =>
    idx < halfway ? f32(s + f32(step * idx)) : f32(e - f32(step * (steps - idx - 1))),
  );
}
