// Run-time state of the reflection answers and its pure transitions. The saved document is
// SavedAnswer (src/core/notebook); this is what the page knows about it right now: the text
// on screen, which stored revision that text builds on, and whether a newer revision written
// elsewhere is waiting for the student's decision.
import type { AnswerDraft, SavedAnswer } from '../core/notebook/answer-record.ts';
import { QUESTIONS, type QuestionId } from '../core/notebook/questions.ts';

export type StorageStatus =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready' }
  /** IndexedDB cannot be opened at all (private mode, disabled storage, very old browser). */
  | { readonly kind: 'unavailable'; readonly detail: string }
  /** A write failed because the site's storage quota is used up. */
  | { readonly kind: 'full'; readonly detail: string }
  /** A write failed for another reason; the next edit tries again. */
  | { readonly kind: 'failing'; readonly detail: string };

export interface AnswerCell {
  /** What is on screen: never replaced by anything but the student's own choice. */
  readonly text: string;
  /** Revision of the stored answer that `text` was edited from (0: nothing stored). */
  readonly baseRevision: number;
  /** The text of that stored revision; `text !== storedText` means unsaved edits. */
  readonly storedText: string;
  readonly saving: boolean;
  /** A newer stored answer from another tab that differs from `text`; saving waits for a choice. */
  readonly conflict: SavedAnswer | null;
}

export interface AnswersState {
  readonly cells: Readonly<Record<QuestionId, AnswerCell>>;
  readonly storage: StorageStatus;
  /** Stored records that failed validation on load (left untouched). */
  readonly unreadableRecords: number;
}

export type AnswersEvent =
  | { readonly type: 'loaded'; readonly records: readonly SavedAnswer[]; readonly drafts: readonly AnswerDraft[]; readonly unreadable: number }
  | { readonly type: 'loadFailed'; readonly status: StorageStatus; readonly drafts: readonly AnswerDraft[] }
  | { readonly type: 'edited'; readonly id: QuestionId; readonly text: string }
  | { readonly type: 'saveStarted'; readonly id: QuestionId }
  | { readonly type: 'saved'; readonly record: SavedAnswer }
  | { readonly type: 'saveRejected'; readonly theirs: SavedAnswer }
  | { readonly type: 'saveFailed'; readonly id: QuestionId; readonly status: StorageStatus }
  | { readonly type: 'storedElsewhere'; readonly record: SavedAnswer }
  | { readonly type: 'keepMine'; readonly id: QuestionId }
  | { readonly type: 'loadNewer'; readonly id: QuestionId }
  | { readonly type: 'imported'; readonly texts: ReadonlyMap<QuestionId, string> };

const EMPTY_CELL: AnswerCell = { text: '', baseRevision: 0, storedText: '', saving: false, conflict: null };

export function initialAnswersState(): AnswersState {
  const cells = Object.fromEntries(QUESTIONS.map((q) => [q.id, EMPTY_CELL])) as Record<QuestionId, AnswerCell>;
  return { cells, storage: { kind: 'loading' }, unreadableRecords: 0 };
}

/** The cell of a question (every question has one; the fallback only satisfies the index type). */
export function cellOf(state: AnswersState, id: QuestionId): AnswerCell {
  return state.cells[id] ?? EMPTY_CELL;
}

export function isDirty(cell: AnswerCell): boolean {
  return cell.text !== cell.storedText;
}

/** Whether the autosaver should write this cell now. */
export function needsSave(cell: AnswerCell): boolean {
  return isDirty(cell) && !cell.saving && cell.conflict === null;
}

function adopt(record: SavedAnswer): AnswerCell {
  return { text: record.text, baseRevision: record.revision, storedText: record.text, saving: false, conflict: null };
}

/** Reconciles one question at load: stored record, crash-journal draft, text typed before load. */
function loadCell(screen: AnswerCell, record: SavedAnswer | undefined, draft: AnswerDraft | undefined): AnswerCell {
  const stored = record ?? null;
  const storedRevision = stored?.revision ?? 0;
  const storedText = stored?.text ?? '';
  const mine = isDirty(screen) ? { text: screen.text, base: 0 } : draft ? { text: draft.text, base: draft.baseRevision } : null;
  if (mine === null || mine.text === storedText) return stored ? adopt(stored) : EMPTY_CELL;
  // Unsaved text typed on top of what is stored: keep it and let the autosaver write it.
  if (stored === null || mine.base === storedRevision) return { ...EMPTY_CELL, text: mine.text, baseRevision: storedRevision, storedText };
  // Typed on top of an older revision than the one stored: the student decides.
  return { ...EMPTY_CELL, text: mine.text, baseRevision: mine.base, storedText, conflict: stored };
}

function updateCell(state: AnswersState, id: QuestionId, change: (cell: AnswerCell) => AnswerCell): AnswersState {
  const cell = cellOf(state, id);
  const next = change(cell);
  return next === cell ? state : { ...state, cells: { ...state.cells, [id]: next } };
}

export function answersReducer(state: AnswersState, event: AnswersEvent): AnswersState {
  switch (event.type) {
    case 'loaded': {
      const cells = { ...state.cells };
      for (const q of QUESTIONS) {
        const record = event.records.find((r) => r.questionId === q.id);
        const draft = event.drafts.find((d) => d.questionId === q.id);
        cells[q.id] = loadCell(cellOf(state, q.id), record, draft);
      }
      return { cells, storage: { kind: 'ready' }, unreadableRecords: event.unreadable };
    }
    case 'loadFailed': {
      const cells = { ...state.cells };
      for (const draft of event.drafts) {
        if ((cells[draft.questionId] ?? EMPTY_CELL).text === '') cells[draft.questionId] = { ...EMPTY_CELL, text: draft.text };
      }
      return { ...state, cells, storage: event.status };
    }
    case 'edited':
      return updateCell(state, event.id, (cell) => (cell.text === event.text ? cell : { ...cell, text: event.text }));
    case 'saveStarted':
      return updateCell(state, event.id, (cell) => ({ ...cell, saving: true }));
    case 'saved': {
      const { record } = event;
      const next = updateCell(state, record.questionId, (cell) => ({
        ...cell,
        saving: false,
        baseRevision: record.revision,
        storedText: record.text,
        conflict: cell.conflict && cell.conflict.revision > record.revision ? cell.conflict : null,
      }));
      return next.storage.kind === 'ready' ? next : { ...next, storage: { kind: 'ready' } };
    }
    case 'saveRejected':
      return updateCell(state, event.theirs.questionId, (cell) =>
        cell.text === event.theirs.text ? adopt(event.theirs) : { ...cell, saving: false, conflict: event.theirs });
    case 'saveFailed':
      return { ...updateCell(state, event.id, (cell) => ({ ...cell, saving: false })), storage: event.status };
    case 'storedElsewhere': {
      const { record } = event;
      return updateCell(state, record.questionId, (cell) => {
        const known = Math.max(cell.baseRevision, cell.conflict?.revision ?? 0);
        if (record.revision <= known) return cell;
        if (record.text === cell.text) return { ...adopt(record), saving: cell.saving };
        // An untouched answer simply follows the newer text; nothing typed here is lost.
        if (!isDirty(cell) && cell.conflict === null && !cell.saving) return adopt(record);
        return { ...cell, conflict: record };
      });
    }
    case 'keepMine':
      return updateCell(state, event.id, (cell) =>
        cell.conflict ? { ...cell, baseRevision: cell.conflict.revision, storedText: cell.conflict.text, conflict: null } : cell);
    case 'loadNewer':
      return updateCell(state, event.id, (cell) => (cell.conflict ? adopt(cell.conflict) : cell));
    case 'imported': {
      let next = state;
      for (const [id, text] of event.texts) next = updateCell(next, id, (cell) => ({ ...cell, text }));
      return next;
    }
    default:
      return assertNever(event);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled answers event: ${JSON.stringify(value)}`);
}
