// Fake models for the pure protocol tests: logits that do not depend on the input except
// through what a test wants to observe (each call's inputs are recorded).
import type { Logits, ModelInputs, RunModel } from '../../../src/core/eval/batch.ts';

/** Every position: logit `boost` for token `favourite`, 0 for all others. */
export function constantModel(vocab: number, favourite: number, boost: number, calls: ModelInputs[] = []): RunModel {
  return async (inputs) => {
    calls.push(inputs);
    const data = new Float32Array(inputs.batch * inputs.sequence * vocab);
    for (let r = 0; r < inputs.batch * inputs.sequence; r++) data[r * vocab + favourite] = boost;
    return { data, dims: [inputs.batch, inputs.sequence, vocab] } satisfies Logits;
  };
}

/** Positions (per row) where the model was shown [MASK]. */
export function maskedPositions(inputs: ModelInputs, maskId: number): number[][] {
  const rows: number[][] = [];
  for (let b = 0; b < inputs.batch; b++) {
    const row: number[] = [];
    for (let s = 0; s < inputs.sequence; s++) if (inputs.inputIds[b * inputs.sequence + s] === BigInt(maskId)) row.push(s);
    rows.push(row);
  }
  return rows;
}
