// Named errors of the evaluation engine. Like ModelFormatError (../onnx/errors.ts) each has a
// stable `code` for tests and the UI, and a message in three parts: what we expected, what we
// found, what the user can do.
import type { ErrorDetail } from '../onnx/errors.ts';

export type EvalErrorCode =
  | 'empty-dataset' // no lines at all
  | 'only-empty-lines' // every line is blank
  | 'no-tokens' // lines have text, but it tokenizes to nothing
  | 'bad-tokenizer' // a tokenizer without [CLS]/[SEP]/[PAD]/[MASK]
  | 'vocab-mismatch' // the tokenizer's vocabulary is not the model's output dimension
  | 'bad-logits' // runModel returned something that is not [batch, seq, vocab] float32
  | 'bad-parquet' // bytes that are not parquet, or no text column
  | 'hub-failure' // the dataset could not be fetched
  | 'not-paired' // a paired comparison of runs over different lines / masks
  | 'bad-option'; // an option out of range (batch size, mask rate, …)

export class EvalError extends Error {
  override readonly name = 'EvalError';
  readonly code: EvalErrorCode;
  readonly detail: ErrorDetail;

  constructor(code: EvalErrorCode, detail: ErrorDetail, options?: { cause?: unknown }) {
    super(`Expected ${detail.expected}; found ${detail.found}. ${detail.fix}`, options);
    this.code = code;
    this.detail = detail;
  }
}

/** What a cancelled run had finished: every line before `linesDone` is fully scored. */
export interface PartialScores {
  linesDone: number;
  linesTotal: number;
}

/**
 * Thrown when the AbortSignal fires. We throw rather than return a flagged result so that a
 * caller that forgets to check cannot store or chart half a data set as if it were complete;
 * the scores of the lines finished before the cancel travel on the error for callers that want
 * them (`partial.scores`, a prefix of the lines, never a half-scored line).
 */
export class EvalCancelledError<T extends PartialScores = PartialScores> extends Error {
  override readonly name = 'EvalCancelledError';
  readonly code = 'cancelled';
  readonly partial: T;

  constructor(partial: T) {
    super(`Evaluation cancelled after ${partial.linesDone} of ${partial.linesTotal} lines.`);
    this.partial = partial;
  }
}

export function badOption(name: string, expected: string, value: unknown): EvalError {
  return new EvalError('bad-option', { expected: `${name} ${expected}`, found: JSON.stringify(value), fix: `Choose a ${name} ${expected}.` });
}
