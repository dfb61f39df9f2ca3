/**
 * How many wasm threads onnxruntime-web gets: one per core (up to 4) when the context is
 * cross-origin isolated. ORT's own default is half the cores, i.e. ONE thread on a 2-core
 * student laptop (and on CI), which would time single-threaded wasm while the lesson says
 * multi-threaded. Without isolation there is no SharedArrayBuffer and ORT runs one thread.
 * Its own module (no ORT import) so pages can report the number without loading ORT.
 */
export function wasmThreads(): number {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return isolated ? Math.max(1, Math.min(4, cores)) : 1;
}
