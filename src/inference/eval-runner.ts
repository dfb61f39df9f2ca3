// A model session as the evaluation engine's RunModel, for any injected ort (Node wasm via
// ort-node.ts, browser wasm/WebGPU via ort-browser.ts), so both run the same protocol code.
import type { RunModel } from '../core/eval/batch.ts';
import { createSession, runMaskedLm, type CreateSessionOptions, type Ort } from './ort-session.ts';

export interface EvalRunner {
  runModel: RunModel;
  inputNames: readonly string[];
  release(): Promise<void>;
}

export async function createEvalRunner(ort: Ort, model: Uint8Array, options: CreateSessionOptions = {}): Promise<EvalRunner> {
  const session = await createSession(ort, model, options);
  return {
    runModel: (inputs) => runMaskedLm(ort, session, inputs),
    inputNames: session.inputNames,
    release: () => session.release(),
  };
}
