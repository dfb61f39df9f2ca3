// Byte-level helpers for golden tests (Node and browser alike: no Buffer).

export function toHex(bytes: ArrayBufferView): string {
  const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let s = '';
  for (const b of u8) s += b.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Float32 values from concatenated 8-hex-digit bit patterns (JSON can't hold NaN/Inf/−0). */
export function f32FromWords(hex: string): Float32Array {
  const u = new Uint32Array(hex.length / 8);
  for (let i = 0; i < u.length; i++) u[i] = parseInt(hex.slice(8 * i, 8 * i + 8), 16);
  return new Float32Array(u.buffer);
}

/** First index where two byte views differ, with context, or null when equal. */
export function firstByteMismatch(a: ArrayBufferView, b: ArrayBufferView): string | null {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (x.length !== y.length) return `lengths differ: ${x.length} vs ${y.length}`;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) return `byte ${i}: ${x[i]} vs ${y[i]} (${x.length} bytes)`;
  }
  return null;
}
