/**
 * How many wasm threads onnxruntime-web gets: one per core but one (at least 1, at most 4) when
 * the context is cross-origin isolated, one otherwise (no SharedArrayBuffer).
 *
 * Why not every core: ORT splits each operator's work evenly over its threads, so when the page
 * itself needs a core (charts, the table, SwiftShader compositing) one thread falls behind and
 * every operator waits for it. Measured on a 2-core machine with 2 threads: quiet, NF4 was 1.01×
 * fp32's latency; inside the notebook, while the results table and charts updated, the same
 * variants read 1.75× and 2.0× fp32. Leaving one core to the page keeps the student's timings
 * honest; a 2-core machine therefore runs wasm on one thread, a 4-core one on three.
 * Its own module (no ORT import) so pages can say the number without loading ORT.
 */
export function wasmThreads(): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return isolated ? Math.max(1, Math.min(4, cores - 1)) : 1;
}
