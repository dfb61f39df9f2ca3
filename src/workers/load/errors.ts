// Named errors of model loading (hub, embedded folder, local files). Like ModelFormatError,
// each has a stable code and a message in three parts: expected, found, what to do.
import type { ErrorDetail } from '../../core/onnx/errors.ts';

export type ModelLoadErrorCode =
  | 'not-found' // HTTP 404 (or another HTTP error) for a model file
  | 'network' // the connection failed (also after one retry)
  | 'too-large' // bigger than the memory budget (checked before reading)
  | 'missing-file' // local files without model.onnx / tokenizer / config
  | 'bad-json' // config.json or a tokenizer file that does not parse
  | 'tokenizer-mismatch' // tokenizer or config vocabulary ≠ the logits' size
  | 'cancelled';

export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  readonly code: ModelLoadErrorCode;
  readonly detail: ErrorDetail;

  constructor(code: ModelLoadErrorCode, detail: ErrorDetail, options?: { cause?: unknown }) {
    super(code === 'cancelled' ? 'Loading was cancelled; the previous model is still loaded.' : `Expected ${detail.expected}; found ${detail.found}. ${detail.fix}`, options);
    this.code = code;
    this.detail = detail;
  }
}

export function cancelledError(what: string): ModelLoadError {
  return new ModelLoadError('cancelled', { expected: what, found: 'a cancel request', fix: 'Start again when ready.' });
}

export const GIB = 1024 ** 3;

/** Bytes of model file we dare to hold: half the device memory (navigator.deviceMemory, GiB), else 2 GB. */
export function defaultMemoryBudget(deviceMemoryGiB?: number): number {
  return deviceMemoryGiB ? Math.min(4 * GIB, (deviceMemoryGiB * GIB) / 2) : 2e9;
}

export function checkBudget(file: string, bytes: number, budget: number): void {
  if (bytes <= budget) return;
  const gb = (n: number) => `${(n / 1e9).toFixed(2)} GB`;
  throw new ModelLoadError('too-large', {
    expected: `a model file within the memory budget of ${gb(budget)} (compression needs about 2.5× the fp32 size)`,
    found: `${file} of ${gb(bytes)}`,
    fix: 'Pick a smaller model (bert-base-cased is 0.43 GB), or use the command line (npx bitlab compress) for large ones.',
  });
}
