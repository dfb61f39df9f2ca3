// Streaming download of one model file with progress (bytes, total, rate, time left), the
// memory budget checked from content-length before the body is read, the Cache API so a
// second visit works offline, and one retry after a mid-download failure: a Range request
// for the rest when the server honours it (206), else a fresh download.
import { ModelLoadError, cancelledError, checkBudget } from './errors.ts';

export interface DownloadProgress {
  status: 'download';
  file: string;
  loaded: number;
  /** From content-length; undefined when the server does not say. */
  total?: number;
  bytesPerSecond: number;
  secondsLeft?: number;
  fromCache: boolean;
}

export interface FetchFileOptions {
  signal: AbortSignal;
  budget: number;
  /** Cache API cache name; undefined = no caching (e.g. our own embedded files). */
  cacheName?: string;
  onProgress?: (p: DownloadProgress) => void;
}

export interface FetchedFile {
  bytes: Uint8Array;
  fromCache: boolean;
}

function progressOf(file: string, loaded: number, total: number | undefined, started: number, fromCache: boolean): DownloadProgress {
  const seconds = Math.max((performance.now() - started) / 1000, 1e-3);
  const bytesPerSecond = loaded / seconds;
  const secondsLeft = total !== undefined && bytesPerSecond > 0 ? Math.max(0, (total - loaded) / bytesPerSecond) : undefined;
  return { status: 'download', file, loaded, total, bytesPerSecond, secondsLeft, fromCache };
}

async function openCache(name: string | undefined): Promise<Cache | undefined> {
  if (!name || typeof caches === 'undefined') return undefined;
  try {
    return await caches.open(name);
  } catch {
    return undefined; // e.g. storage disabled: download every time
  }
}

function httpError(url: string, file: string, status: number, statusText: string): ModelLoadError {
  return new ModelLoadError('not-found', {
    expected: `${file} at ${url}`,
    found: `HTTP ${status}${statusText ? ` ${statusText}` : ''}`,
    fix: status === 404 || status === 401
      ? 'Check the model id (e.g. Xenova/bert-base-cased): it must be a public repository with an ONNX export in onnx/model.onnx.'
      : 'The server refused the file; try again later or use another host.',
  });
}

function networkError(url: string, file: string, loaded: number, cause: unknown): ModelLoadError {
  return new ModelLoadError('network', {
    expected: `the whole of ${file} from ${url}`,
    found: `the connection failed after ${loaded} bytes, also on a retry (${cause instanceof Error ? cause.message : String(cause)})`,
    fix: 'Check the network connection (or the host setting) and load again; files that finished are cached.',
  }, { cause });
}

/**
 * The downloaded bytes. With a known size they go straight into one buffer of that size, so
 * a 430 MB model is never held twice (chunks + their concatenation) at the end of a download.
 */
class ByteSink {
  private buffer?: Uint8Array;
  private chunks: Uint8Array[] = [];
  loaded = 0;

  expect(total: number | undefined): void {
    if (total !== undefined && !this.buffer) this.buffer = new Uint8Array(total);
  }
  push(chunk: Uint8Array): void {
    if (this.buffer && this.loaded + chunk.byteLength <= this.buffer.byteLength) this.buffer.set(chunk, this.loaded);
    else {
      // Longer than content-length said (or no length): fall back to a list of chunks.
      if (this.buffer) this.chunks = [this.buffer.subarray(0, this.loaded)];
      this.buffer = undefined;
      this.chunks.push(chunk);
    }
    this.loaded += chunk.byteLength;
  }
  reset(): void {
    this.buffer = undefined;
    this.chunks = [];
    this.loaded = 0;
  }
  bytes(): Uint8Array {
    if (this.buffer) return this.loaded === this.buffer.byteLength ? this.buffer : this.buffer.subarray(0, this.loaded);
    const out = new Uint8Array(this.loaded);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}

async function readBody(body: ReadableStream<Uint8Array>, sink: ByteSink, report: () => void): Promise<void> {
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    sink.push(value);
    report();
  }
}

export async function fetchFile(url: string, file: string, options: FetchFileOptions): Promise<FetchedFile> {
  const { signal, budget, onProgress } = options;
  const started = performance.now();
  const cache = await openCache(options.cacheName);
  const cached = await cache?.match(url);
  if (cached) {
    const length = Number(cached.headers.get('content-length') ?? NaN);
    if (Number.isFinite(length)) checkBudget(file, length, budget);
    const bytes = new Uint8Array(await cached.arrayBuffer());
    if (!Number.isFinite(length) || bytes.byteLength === length) {
      onProgress?.(progressOf(file, bytes.byteLength, bytes.byteLength, started, true));
      return { bytes, fromCache: true };
    }
    await cache!.delete(url); // a copy cut short (e.g. the tab closed mid-download): fetch again
  }
  const sink = new ByteSink();
  let total: number | undefined;
  let cacheWrite: Promise<unknown> | undefined;
  let retried = false;
  const report = () => onProgress?.(progressOf(file, sink.loaded, total, started, false));
  for (let attempt = 0; ; attempt++) {
    const resume = attempt > 0 && sink.loaded > 0;
    retried = attempt > 0;
    let response: Response;
    try {
      response = await fetch(url, { signal, headers: resume ? { Range: `bytes=${sink.loaded}-` } : {} });
    } catch (error) {
      if (signal.aborted) throw cancelledError(`the download of ${file}`);
      if (attempt === 0) continue;
      throw networkError(url, file, sink.loaded, error);
    }
    if (!response.ok) throw httpError(url, file, response.status, response.statusText);
    if (resume && response.status !== 206) sink.reset(); // the server ignored the Range header: start over
    if (!resume || response.status !== 206) {
      const length = response.headers.get('content-length');
      total = length === null ? undefined : Number(length);
      if (total !== undefined) checkBudget(file, total, budget);
      sink.expect(total);
    }
    let body = response.body!;
    if (cache && attempt === 0) {
      // The cache gets its own copy of the stream (written to disk by the browser, not held here).
      const [mine, forCache] = body.tee();
      body = mine;
      cacheWrite = cache.put(url, new Response(forCache, { headers: total === undefined ? {} : { 'content-length': String(total) } }));
      cacheWrite.catch(() => undefined);
    }
    try {
      await readBody(body, sink, report);
    } catch (error) {
      if (signal.aborted) throw cancelledError(`the download of ${file}`);
      if (attempt === 0) continue;
      throw networkError(url, file, sink.loaded, error);
    }
    if (total !== undefined && sink.loaded < total) {
      if (attempt === 0) continue; // the stream ended early without an error: retry too
      throw networkError(url, file, sink.loaded, new Error(`got ${sink.loaded} of ${total} bytes`));
    }
    break;
  }
  const bytes = sink.bytes();
  report();
  if (cache) {
    const streamed = await cacheWrite?.then(() => true, () => false);
    // After a retry the tee'd copy was cut short: store the assembled bytes instead.
    if (!streamed || retried) await cache.put(url, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(bytes.byteLength) } })).catch(() => undefined);
  }
  return { bytes, fromCache: false };
}
