// The saved form of one answer (one IndexedDB record per question) and of an unsaved draft
// (the crash journal). Both are versioned and validated when read: storage outlives the code
// that wrote it, so what comes back is checked, never trusted.
import { describeValue, SavedAnswerInvalidError } from './errors.ts';
import { isQuestionId, type QuestionId } from './questions.ts';

export const ANSWER_SCHEMA = 1;

export interface SavedAnswer {
  readonly schema: typeof ANSWER_SCHEMA;
  readonly questionId: QuestionId;
  readonly text: string;
  /** Goes up by one with every write; a write based on an older revision is a conflict. */
  readonly revision: number;
  /** ISO time of the write, for the conflict message ("saved 2 min ago in another tab"). */
  readonly savedAt: string;
  /** Which tab wrote it (a random id per page load). */
  readonly writerId: string;
}

/** Text typed but maybe not yet in IndexedDB, journalled synchronously on every edit. */
export interface AnswerDraft {
  readonly schema: typeof ANSWER_SCHEMA;
  readonly questionId: QuestionId;
  readonly text: string;
  /** Revision of the saved answer this text was typed on top of (0: none). */
  readonly baseRevision: number;
  readonly writerId: string;
  readonly editedAt: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRevision(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function invalid(what: string, found: unknown): SavedAnswerInvalidError {
  return new SavedAnswerInvalidError('invalid-saved-answer', {
    expected: what,
    found: describeValue(found),
    action: 'This saved answer was left untouched in storage; the page shows the rest of your answers.',
  });
}

function checkCommon(value: unknown, kind: string): Record<string, unknown> {
  if (!isRecord(value)) throw invalid(`a saved ${kind} object`, value);
  if (value.schema !== ANSWER_SCHEMA) throw invalid(`${kind} schema ${ANSWER_SCHEMA}`, value.schema);
  if (!isQuestionId(value.questionId)) throw invalid(`${kind} for a known question (q1–q8)`, value.questionId);
  if (typeof value.text !== 'string') throw invalid(`${kind} text`, value.text);
  if (typeof value.writerId !== 'string') throw invalid(`${kind} writer id`, value.writerId);
  return value;
}

export function validateSavedAnswer(value: unknown): SavedAnswer {
  const v = checkCommon(value, 'answer');
  if (!isRevision(v.revision) || v.revision < 1) throw invalid('a revision ≥ 1', v.revision);
  if (typeof v.savedAt !== 'string') throw invalid('a save time', v.savedAt);
  return {
    schema: ANSWER_SCHEMA,
    questionId: v.questionId as QuestionId,
    text: v.text as string,
    revision: v.revision,
    savedAt: v.savedAt,
    writerId: v.writerId as string,
  };
}

export function validateAnswerDraft(value: unknown): AnswerDraft {
  const v = checkCommon(value, 'draft');
  if (!isRevision(v.baseRevision)) throw invalid('a base revision ≥ 0', v.baseRevision);
  if (typeof v.editedAt !== 'string') throw invalid('an edit time', v.editedAt);
  return {
    schema: ANSWER_SCHEMA,
    questionId: v.questionId as QuestionId,
    text: v.text as string,
    baseRevision: v.baseRevision,
    writerId: v.writerId as string,
    editedAt: v.editedAt,
  };
}

export type WriteDecision =
  | { readonly kind: 'write'; readonly record: SavedAnswer }
  | { readonly kind: 'unchanged'; readonly record: SavedAnswer }
  | { readonly kind: 'conflict'; readonly theirs: SavedAnswer };

export interface WriteRequest {
  readonly questionId: QuestionId;
  readonly text: string;
  /** The revision the writer last saw; it must still be the stored one. */
  readonly baseRevision: number;
  readonly writerId: string;
  readonly now: string;
}

/**
 * Compare-before-write, run inside the IndexedDB transaction that then does the put: if
 * someone saved since the writer last looked, writing would silently replace newer text, so
 * the answer is "conflict" instead. Identical text is never a conflict.
 */
export function decideWrite(stored: SavedAnswer | undefined, request: WriteRequest): WriteDecision {
  const storedRevision = stored?.revision ?? 0;
  if (stored && stored.text === request.text) return { kind: 'unchanged', record: stored };
  if (stored && storedRevision !== request.baseRevision) return { kind: 'conflict', theirs: stored };
  return {
    kind: 'write',
    record: {
      schema: ANSWER_SCHEMA,
      questionId: request.questionId,
      text: request.text,
      revision: storedRevision + 1,
      savedAt: request.now,
      writerId: request.writerId,
    },
  };
}
