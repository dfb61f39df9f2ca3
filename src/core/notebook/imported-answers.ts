// What an import found, whatever the file type.
import type { QuestionId } from './questions.ts';

export interface ImportedAnswer {
  readonly questionId: QuestionId;
  readonly text: string;
}

export interface ImportedAnswers {
  /** Known questions, one entry each, in question order. Empty text = unanswered in the file. */
  readonly answers: readonly ImportedAnswer[];
  /** Answer cells that were skipped, with why (unknown question, newer bitlab schema). */
  readonly skipped: readonly { readonly questionId: string; readonly reason: string }[];
}
