// The answers store: state (answers-reducer), autosave and cross-tab wiring. Every edit is
// journalled at once and written to IndexedDB AUTOSAVE_DELAY_MS after typing pauses; leaving
// the page (pagehide, tab hidden) writes immediately. Saves from other tabs arrive over the
// persistence's broadcast and on returning to the tab.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ImportedAnswers } from '../core/notebook/imported-answers.ts';
import { mergeImportedAnswers, type MergeSummary } from '../core/notebook/merge-import.ts';
import { QUESTIONS, type QuestionId } from '../core/notebook/questions.ts';
import { answersReducer, cellOf, initialAnswersState, isDirty, needsSave, type AnswersEvent, type AnswersState } from './answers-reducer.ts';
import { StorageProblem, type AnswersPersistence } from './answers-persistence.ts';

/** Well inside the promised half second, leaving time for the write itself. */
export const AUTOSAVE_DELAY_MS = 300;

export interface AnswersStoreOptions {
  readonly persistence: AnswersPersistence;
  /** Identifies this page load in saved records and drafts. */
  readonly writerId: string;
  readonly now?: () => string;
  readonly autosaveDelayMs?: number;
}

export interface AnswersController {
  readonly store: StoreApi<AnswersState>;
  /** Loads saved answers and drafts; call once. */
  start(): Promise<void>;
  edit(id: QuestionId, text: string): void;
  /** Conflict: write the text on screen over the newer stored one. */
  keepMine(id: QuestionId): void;
  /** Conflict: replace the text on screen by the newer stored one. */
  loadNewer(id: QuestionId): void;
  importAnswers(imported: ImportedAnswers, fileName: string): MergeSummary;
  /** Starts writing every unsaved answer now (page is being hidden or closed). */
  flush(): void;
  /** Re-reads storage to pick up saves from tabs whose broadcast was missed. */
  refresh(): Promise<void>;
  dispose(): void;
}

export function createAnswersController(options: AnswersStoreOptions): AnswersController {
  const { persistence, writerId } = options;
  const now = options.now ?? (() => new Date().toISOString());
  const delay = options.autosaveDelayMs ?? AUTOSAVE_DELAY_MS;
  const store = createStore<AnswersState>()(() => initialAnswersState());
  const timers = new Map<QuestionId, ReturnType<typeof setTimeout>>();
  const dispatch = (event: AnswersEvent) => store.setState(answersReducer(store.getState(), event), true);
  const cell = (id: QuestionId) => cellOf(store.getState(), id);
  const canWrite = () => !['loading', 'unavailable'].includes(store.getState().storage.kind);

  function schedule(id: QuestionId, ms: number) {
    clearTimeout(timers.get(id));
    timers.set(id, setTimeout(() => { timers.delete(id); void save(id); }, ms));
  }

  function scheduleAllDirty(ms: number) {
    for (const q of QUESTIONS) if (needsSave(cell(q.id))) schedule(q.id, ms);
  }

  async function save(id: QuestionId) {
    const current = cell(id);
    if (!canWrite() || !needsSave(current)) return;
    dispatch({ type: 'saveStarted', id });
    const outcome = await persistence.write({ questionId: id, text: current.text, baseRevision: current.baseRevision, writerId, now: now() });
    switch (outcome.kind) {
      case 'written':
      case 'unchanged':
        dispatch({ type: 'saved', record: outcome.record });
        persistence.clearDraft(id, outcome.record.text);
        if (outcome.kind === 'written') persistence.announce(outcome.record);
        // Typing went on while the write ran: save the rest right away.
        if (needsSave(cell(id))) schedule(id, 0);
        return;
      case 'conflict':
        dispatch({ type: 'saveRejected', theirs: outcome.theirs });
        return;
      case 'failed':
        dispatch({ type: 'saveFailed', id, status: outcome.status });
        return;
    }
  }

  function journal(id: QuestionId) {
    const { text, baseRevision } = cell(id);
    persistence.writeDraft({ schema: 1, questionId: id, text, baseRevision, writerId, editedAt: now() });
  }

  const unsubscribe = persistence.onAnnounce((record) => {
    dispatch({ type: 'storedElsewhere', record });
  });

  return {
    store,
    async start() {
      const drafts = await persistence.readDrafts().catch(() => []);
      try {
        const { records, unreadable } = await persistence.load();
        dispatch({ type: 'loaded', records, drafts, unreadable });
      } catch (error) {
        const status = error instanceof StorageProblem ? error.status : { kind: 'unavailable' as const, detail: String(error) };
        dispatch({ type: 'loadFailed', status, drafts });
      }
      // Recovered text is this page's now: journal it under our id, then drop the orphans.
      for (const q of QUESTIONS) if (isDirty(cell(q.id))) journal(q.id);
      persistence.discardDrafts(drafts);
      scheduleAllDirty(0);
    },
    edit(id, text) {
      if (cell(id).text === text) return;
      dispatch({ type: 'edited', id, text });
      journal(id);
      schedule(id, delay);
    },
    keepMine(id) {
      dispatch({ type: 'keepMine', id });
      schedule(id, 0);
    },
    loadNewer(id) {
      const mine = cell(id).text;
      dispatch({ type: 'loadNewer', id });
      persistence.clearDraft(id, mine);
    },
    importAnswers(imported, fileName) {
      const { texts, summary } = mergeImportedAnswers((id) => cell(id).text, imported.answers, fileName);
      dispatch({ type: 'imported', texts });
      for (const id of texts.keys()) {
        journal(id);
        schedule(id, 0);
      }
      return summary;
    },
    flush() {
      for (const id of timers.keys()) clearTimeout(timers.get(id));
      timers.clear();
      for (const q of QUESTIONS) void save(q.id);
    },
    async refresh() {
      if (!canWrite()) return;
      try {
        const { records } = await persistence.load();
        for (const record of records) dispatch({ type: 'storedElsewhere', record });
      } catch {
        // the next write reports the problem
      }
    },
    dispose() {
      unsubscribe();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
