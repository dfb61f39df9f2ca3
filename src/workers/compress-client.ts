// The UI's handle on compress.worker.ts: one promise per request, progress through a
// callback, cancel by request. Errors come back as Error objects with the worker's name and
// code (ModelFormatError, ModelLoadError, RecipeError, CancelledError, …).
import type { CompressProgress, CompressRequest, CompressResponse, CompressResults, EvalDataset, EvalRequestOptions, ExecutionProvider, ModelSource, VariantId } from './compress-protocol.ts';

type Body<T extends CompressRequest['type']> = Omit<Extract<CompressRequest, { type: T }>, 'id' | 'type'>;

export interface Pending<T> {
  promise: Promise<T>;
  cancel(): void;
}

export interface CodedError extends Error {
  code?: string;
}

export class CompressClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress?: (p: CompressProgress) => void }>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<CompressResponse>) => {
      const message = event.data;
      const entry = this.pending.get(message.id);
      if (!entry) return;
      if (message.type === 'progress') return entry.onProgress?.(message.progress);
      this.pending.delete(message.id);
      if (message.type === 'result') return entry.resolve(message.result);
      const error: CodedError = new Error(message.error.message);
      error.name = message.error.name;
      if (message.error.code) error.code = message.error.code;
      entry.reject(error);
    };
    worker.onerror = (event) => {
      const error = new Error(`The compression worker failed: ${event.message}`);
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
    };
  }

  private send<T extends CompressRequest['type']>(type: T, body: Body<T>, onProgress?: (p: CompressProgress) => void): Pending<CompressResults[T]> {
    const id = this.nextId++;
    const promise = new Promise<CompressResults[T]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      this.worker.postMessage({ ...body, type, id });
    });
    return { promise, cancel: () => this.worker.postMessage({ type: 'cancel', id: this.nextId++, target: id }) };
  }

  load(source: ModelSource, budget: number, onProgress?: (p: CompressProgress) => void) {
    return this.send('load', { source, budget }, onProgress);
  }
  compress(variantId: VariantId, recipe: string, onProgress?: (p: CompressProgress) => void) {
    return this.send('compress', { variantId, recipe }, onProgress);
  }
  run(variantId: VariantId | 'source', ep: ExecutionProvider, onProgress?: (p: CompressProgress) => void) {
    return this.send('run', { variantId, ep }, onProgress);
  }
  bytes(variantId: VariantId) {
    return this.send('bytes', { variantId });
  }
  zip(variantIds: VariantId[]) {
    return this.send('zip', { variantIds });
  }
  /** Scores a variant (or the loaded fp32 'source') in the worker; only numbers come back. */
  evaluate(variantId: VariantId | 'source', ep: ExecutionProvider, dataset: EvalDataset, options: EvalRequestOptions, onProgress?: (p: CompressProgress) => void) {
    return this.send('evaluate', { variantId, ep, dataset, options }, onProgress);
  }
  latency(variantId: VariantId | 'source', ep: ExecutionProvider, dataset: EvalDataset, options: EvalRequestOptions) {
    return this.send('latency', { variantId, ep, dataset, options });
  }
  /** The loaded model's Linear layers (names and shapes). */
  linearLayers() {
    return this.send('linear-layers', {});
  }
  /** A Linear weight's histogram and per-block absmax, computed in the worker. */
  weightHistogram(weight: string, bins: number) {
    return this.send('weight-histogram', { weight, bins });
  }
  drop(variantId: VariantId) {
    return this.send('drop', { variantId });
  }
  dispose(): void {
    this.worker.terminate();
    for (const entry of this.pending.values()) entry.reject(new Error('compression worker disposed'));
    this.pending.clear();
  }
}

let shared: CompressClient | undefined;

/** The app's one compression worker (the loaded model lives there). */
export function compressClient(): CompressClient {
  shared ??= new CompressClient(new Worker(new URL('./compress.worker.ts', import.meta.url), { type: 'module' }));
  return shared;
}
