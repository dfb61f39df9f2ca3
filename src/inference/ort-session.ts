// The one place our code talks to onnxruntime. The ort namespace is injected so the same
// code runs in the browser (onnxruntime-web/webgpu, see ort-browser.ts) and in Node tests and
// the CLI (plain onnxruntime-web on the wasm EP, see ort-node.ts).
import type * as OrtNamespace from 'onnxruntime-web';

export type Ort = typeof OrtNamespace;
export type OrtSession = OrtNamespace.InferenceSession;

export interface CreateSessionOptions {
  /** Side files of a model saved with external data, by the name its tensors reference. */
  externalData?: ReadonlyMap<string, Uint8Array>;
  executionProviders?: OrtNamespace.InferenceSession.SessionOptions['executionProviders'];
  /** Fail instead of silently running unsupported nodes on the CPU (for GPU tests). */
  disableCpuFallback?: boolean;
}

export async function createSession(ort: Ort, model: Uint8Array, options: CreateSessionOptions = {}): Promise<OrtSession> {
  const sessionOptions: OrtNamespace.InferenceSession.SessionOptions = {
    executionProviders: options.executionProviders ?? ['wasm'],
    graphOptimizationLevel: 'all',
  };
  if (options.externalData?.size) {
    sessionOptions.externalData = [...options.externalData].map(([path, data]) => ({ path, data }));
  }
  if (options.disableCpuFallback) {
    sessionOptions.extra = { session: { disable_cpu_ep_fallback: '1' } };
  }
  return ort.InferenceSession.create(model, sessionOptions);
}

export interface MaskedLmBatch {
  batch: number;
  sequence: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds?: BigInt64Array;
}

export interface Logits {
  data: Float32Array;
  dims: readonly number[];
}

/** Runs a masked LM; token_type_ids default to zeros when the model takes them. */
export async function runMaskedLm(ort: Ort, session: OrtSession, input: MaskedLmBatch): Promise<Logits> {
  const shape = [input.batch, input.sequence];
  const feeds: Record<string, OrtNamespace.Tensor> = {
    input_ids: new ort.Tensor('int64', input.inputIds, shape),
    attention_mask: new ort.Tensor('int64', input.attentionMask, shape),
  };
  if (session.inputNames.includes('token_type_ids')) {
    feeds.token_type_ids = new ort.Tensor('int64', input.tokenTypeIds ?? new BigInt64Array(input.batch * input.sequence), shape);
  }
  const out = await session.run(feeds);
  const logits = out.logits;
  if (!logits) throw new Error(`the model returned no "logits" output (outputs: ${session.outputNames.join(', ')})`);
  const data = logits.data as Float32Array;
  const dims = logits.dims;
  logits.dispose?.();
  return { data, dims };
}
