// How an import meets what is already on screen. The rule: an import never replaces text the
// student has. Empty answers are filled; an answer that differs keeps the student's text first
// and appends the imported text below a divider, so both survive and the student chooses by
// editing. Importing the same file twice adds nothing the second time.
import type { ImportedAnswer } from './imported-answers.ts';
import type { QuestionId } from './questions.ts';

export interface MergeSummary {
  readonly filled: readonly QuestionId[];
  readonly appended: readonly QuestionId[];
  readonly unchanged: readonly QuestionId[];
}

export interface MergeResult {
  /** New texts for the answers that change. */
  readonly texts: ReadonlyMap<QuestionId, string>;
  readonly summary: MergeSummary;
}

export function importDivider(fileName: string): string {
  return `\n\n---\n\n*Imported from ${fileName.replace(/[*_`[\]\\]/g, '\\$&')}:*\n\n`;
}

export function mergeImportedAnswers(
  current: (id: QuestionId) => string,
  imported: readonly ImportedAnswer[],
  fileName: string,
): MergeResult {
  const texts = new Map<QuestionId, string>();
  const filled: QuestionId[] = [];
  const appended: QuestionId[] = [];
  const unchanged: QuestionId[] = [];
  for (const { questionId, text } of imported) {
    const mine = current(questionId);
    const theirs = text.trim();
    if (theirs === '' || mine.includes(theirs)) {
      unchanged.push(questionId);
    } else if (mine.trim() === '') {
      texts.set(questionId, text);
      filled.push(questionId);
    } else {
      texts.set(questionId, `${mine.trimEnd()}${importDivider(fileName)}${text}`);
      appended.push(questionId);
    }
  }
  return { texts, summary: { filled, appended, unchanged } };
}
