// Named errors of the notebook documents. Each says what was expected, what was found and
// what the student can do, so the UI can show the message as it is.

export type NotebookErrorCode =
  | 'not-json'
  | 'not-a-notebook'
  | 'unsupported-nbformat'
  | 'no-bitlab-answers'
  | 'unknown-questions'
  | 'invalid-saved-answer'
  | 'invalid-export-block';

export interface NotebookErrorDetail {
  readonly expected: string;
  readonly found: string;
  readonly action: string;
}

export class NotebookError extends Error {
  override readonly name: string = 'NotebookError';
  readonly code: NotebookErrorCode;
  readonly detail: NotebookErrorDetail;

  constructor(code: NotebookErrorCode, detail: NotebookErrorDetail) {
    super(`Expected ${detail.expected}, but found ${detail.found}. ${detail.action}`);
    this.code = code;
    this.detail = detail;
  }
}

/** Thrown by importers; `code` tells which of the known bad inputs this was. */
export class NotebookImportError extends NotebookError {
  override readonly name: string = 'NotebookImportError';
}

/** A stored answer record that does not match the schema this version reads. */
export class SavedAnswerInvalidError extends NotebookError {
  override readonly name: string = 'SavedAnswerInvalidError';
}

/** A later issue's export source handed the exporter something it cannot write. */
export class ExportBlockInvalidError extends NotebookError {
  override readonly name: string = 'ExportBlockInvalidError';
}

/** Short description of any JSON-ish value for "found …" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  switch (typeof value) {
    case 'string':
      return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'nothing';
    case 'object':
      return `an object with keys ${Object.keys(value).slice(0, 6).join(', ') || '(none)'}`;
    default:
      return typeof value;
  }
}
