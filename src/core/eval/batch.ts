// One batch of the engine: build int64 inputs padded to the batch's longest row, and turn the
// logits the caller's model returned into per-line negative log-likelihoods.
import { EvalError } from './errors.ts';

/** What the model is asked to score: one row of a batch. */
export interface ScoreItem {
  /** Accumulator index (a line of the data set). */
  line: number;
  /** Ids the model sees, [MASK]s already in place; padded by the batch builder. */
  input: ArrayLike<number>;
  /** The first `attended` positions get attention_mask 1, the rest (padding) 0. */
  attended: number;
  /** Scored positions and the true ids there. */
  positions: ArrayLike<number>;
  targets: ArrayLike<number>;
}

/** Structurally the MaskedLmBatch of src/inference/ort-session.ts (core imports no ORT). */
export interface ModelInputs {
  batch: number;
  sequence: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
}

/** Row-major float32 logits [batch, sequence, vocab]. */
export interface Logits {
  data: Float32Array;
  dims: readonly number[];
}

/** The caller's model: ORT wasm in Node, wasm or WebGPU in a browser worker, or a fake. */
export type RunModel = (inputs: ModelInputs) => Promise<Logits>;

export interface LineAccumulator {
  nll: Float64Array;
  count: Uint32Array;
  correct: Uint32Array;
}

export function newAccumulator(lines: number): LineAccumulator {
  return { nll: new Float64Array(lines), count: new Uint32Array(lines), correct: new Uint32Array(lines) };
}

export function buildInputs(items: readonly ScoreItem[], padId: number): ModelInputs {
  const batch = items.length;
  const sequence = Math.max(...items.map((it) => it.input.length));
  const inputIds = new BigInt64Array(batch * sequence).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(batch * sequence);
  items.forEach((item, row) => {
    const base = row * sequence;
    for (let s = 0; s < item.input.length; s++) inputIds[base + s] = BigInt(item.input[s]!);
    for (let s = 0; s < item.attended; s++) attentionMask[base + s] = 1n;
  });
  // Single-segment input: token_type_ids are all 0, as the tokenizer would return.
  return { batch, sequence, inputIds, attentionMask, tokenTypeIds: new BigInt64Array(batch * sequence) };
}

export function checkLogits(logits: Logits, inputs: ModelInputs, vocabSize: number): void {
  const [b, s, v] = logits.dims;
  if (logits.dims.length !== 3 || b !== inputs.batch || s !== inputs.sequence) {
    throw new EvalError('bad-logits', {
      expected: `logits [${inputs.batch}, ${inputs.sequence}, vocab] for a batch of ${inputs.batch} × ${inputs.sequence}`,
      found: `dims [${logits.dims.join(', ')}]`,
      fix: 'Use a masked-LM model whose output "logits" has one row per input token.',
    });
  }
  if (v !== vocabSize) {
    throw new EvalError('vocab-mismatch', {
      expected: `a tokenizer with the model's ${v} output tokens`,
      found: `a tokenizer with ${vocabSize} tokens`,
      fix: "Use the tokenizer.json that was saved with this model (the model folder's own tokenizer).",
    });
  }
  if (!(logits.data instanceof Float32Array) || logits.data.length !== b * s * v) {
    throw new EvalError('bad-logits', { expected: `a Float32Array of ${b * s * v} values`, found: `${logits.data?.constructor?.name} of ${logits.data?.length}`, fix: 'Return float32 logits from runModel.' });
  }
}

/**
 * Adds each item's negative log-likelihoods (log-softmax in float64 over the float32 logits,
 * max-subtracted so exp never overflows) and top-1 hits to its line. Sums run in a fixed order,
 * so the same logits always give bit-identical results.
 */
export function accumulate(logits: Logits, items: readonly ScoreItem[], acc: LineAccumulator): void {
  const [, sequence, vocab] = logits.dims as [number, number, number];
  const data = logits.data;
  items.forEach((item, row) => {
    for (let k = 0; k < item.positions.length; k++) {
      const offset = (row * sequence + item.positions[k]!) * vocab;
      let max = -Infinity;
      let argmax = 0;
      for (let v = 0; v < vocab; v++) {
        const x = data[offset + v]!;
        if (x > max) {
          max = x;
          argmax = v;
        }
      }
      let sum = 0;
      for (let v = 0; v < vocab; v++) sum += Math.exp(data[offset + v]! - max);
      const target = item.targets[k]!;
      acc.nll[item.line]! += -(data[offset + target]! - max - Math.log(sum));
      acc.count[item.line]! += 1;
      if (argmax === target) acc.correct[item.line]! += 1;
    }
  });
}
