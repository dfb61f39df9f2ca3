// Named errors for models we cannot read or use. Each carries a stable `code` (for tests and
// the UI) and a message in three parts: what we expected, what we found, what to do next.

export type ModelFormatErrorCode =
  | 'empty-file'
  | 'not-onnx'
  | 'truncated'
  | 'corrupt'
  | 'missing-external-data'
  | 'unsupported-tensor'
  | 'no-linear-weights'
  | 'not-masked-lm';

export interface ErrorDetail {
  expected: string;
  found: string;
  fix: string;
}

export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
  readonly code: ModelFormatErrorCode;
  readonly detail: ErrorDetail;

  constructor(code: ModelFormatErrorCode, detail: ErrorDetail, options?: { cause?: unknown }) {
    super(`Expected ${detail.expected}; found ${detail.found}. ${detail.fix}`, options);
    this.code = code;
    this.detail = detail;
  }
}

export type RecipeErrorCode = 'unknown-recipe' | 'bad-parameter' | 'bad-combination';

/** A recipe string or option we cannot apply (e.g. `prune-l1:1.5`, `nf4+int4`). */
export class RecipeError extends Error {
  override readonly name = 'RecipeError';
  readonly code: RecipeErrorCode;
  readonly detail: ErrorDetail;

  constructor(code: RecipeErrorCode, detail: ErrorDetail) {
    super(`Expected ${detail.expected}; found ${detail.found}. ${detail.fix}`);
    this.code = code;
    this.detail = detail;
  }
}
