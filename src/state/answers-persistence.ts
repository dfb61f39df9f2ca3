// Where answers live between visits: one IndexedDB record per question (via idb), written
// with compare-before-write inside a single readwrite transaction, so two tabs cannot
// overwrite each other's newer text unnoticed; IndexedDB serialises readwrite transactions
// on a store across tabs. Beside it, the draft journal (answers-journal.ts) covers the gap
// between a keystroke and the debounced write. Tabs tell each other about saves over a
// BroadcastChannel.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  decideWrite, validateSavedAnswer,
  type AnswerDraft, type SavedAnswer, type WriteRequest,
} from '../core/notebook/answer-record.ts';
import type { QuestionId } from '../core/notebook/questions.ts';
import { createDraftJournal } from './answers-journal.ts';
import type { StorageStatus } from './answers-reducer.ts';

export type WriteOutcome =
  | { readonly kind: 'written' | 'unchanged'; readonly record: SavedAnswer }
  | { readonly kind: 'conflict'; readonly theirs: SavedAnswer }
  | { readonly kind: 'failed'; readonly status: StorageStatus };

export interface LoadedAnswers {
  readonly records: readonly SavedAnswer[];
  readonly unreadable: number;
}

/** Everything the answers store needs from the outside world; tests pass a fake. */
export interface AnswersPersistence {
  /** Rejects with a StorageStatus-carrying StorageProblem when storage cannot be used. */
  load(): Promise<LoadedAnswers>;
  write(request: WriteRequest): Promise<WriteOutcome>;
  /** Unsaved drafts left by pages that are gone (see answers-journal.ts). */
  readDrafts(): Promise<AnswerDraft[]>;
  /** Journals this page's latest text of an answer, synchronously. */
  writeDraft(draft: AnswerDraft): void;
  /** Removes this page's draft if it still holds `text` (a newer keystroke may have replaced it). */
  clearDraft(id: QuestionId, text: string): void;
  /** Forgets recovered drafts once this page has taken them over. */
  discardDrafts(drafts: readonly AnswerDraft[]): void;
  announce(record: SavedAnswer): void;
  onAnnounce(listener: (record: SavedAnswer) => void): () => void;
}

export class StorageProblem extends Error {
  override readonly name = 'StorageProblem';
  constructor(readonly status: Exclude<StorageStatus, { kind: 'loading' | 'ready' }>) {
    super(status.detail);
  }
}

interface AnswersDb extends DBSchema {
  answers: { key: string; value: unknown };
}

const DB_NAME = 'bitlab-notebook';
const DB_VERSION = 1;
const CHANNEL = 'bitlab-answers';
const OPEN_TIMEOUT_MS = 4000;

export function classifyStorageError(error: unknown, opening: boolean): StorageProblem {
  if (error instanceof StorageProblem) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError') return new StorageProblem({ kind: 'full', detail: message });
  return new StorageProblem({ kind: opening ? 'unavailable' : 'failing', detail: `${name}: ${message}` });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e); });
  });
}

export function createBrowserPersistence(writerId: string): AnswersPersistence {
  const journal = createDraftJournal(writerId);
  let dbPromise: Promise<IDBPDatabase<AnswersDb>> | null = null;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;

  function db(): Promise<IDBPDatabase<AnswersDb>> {
    // Via then(): where `indexedDB` is missing or its getter throws, openDB throws at once.
    dbPromise ??= withTimeout(
      Promise.resolve().then(() => openDB<AnswersDb>(DB_NAME, DB_VERSION, {
        upgrade(database) {
          database.createObjectStore('answers');
        },
        // Another tab of a newer bitlab wants to upgrade: let it, reopen on the next write.
        blocking(_current, _next, event) {
          (event.target as IDBDatabase).close();
          dbPromise = null;
        },
        terminated() {
          dbPromise = null;
        },
      })),
      OPEN_TIMEOUT_MS,
      'IndexedDB',
    ).catch((error: unknown) => {
      dbPromise = null;
      throw classifyStorageError(error, true);
    });
    return dbPromise;
  }

  return {
    async load() {
      const database = await db();
      const values = await database.getAll('answers').catch((e: unknown) => { throw classifyStorageError(e, true); });
      const records: SavedAnswer[] = [];
      let unreadable = 0;
      for (const value of values) {
        try {
          records.push(validateSavedAnswer(value));
        } catch {
          unreadable += 1;
        }
      }
      return { records, unreadable };
    },

    async write(request) {
      try {
        const database = await db();
        const tx = database.transaction('answers', 'readwrite');
        // No other await between the get and the put: the transaction must stay active.
        const raw = await tx.store.get(request.questionId);
        let stored: SavedAnswer | undefined;
        try {
          stored = raw === undefined ? undefined : validateSavedAnswer(raw);
        } catch {
          stored = undefined; // an unreadable record is replaced by a fresh revision 1
        }
        const decision = decideWrite(stored, request);
        if (decision.kind === 'write') await tx.store.put(decision.record, request.questionId);
        await tx.done;
        switch (decision.kind) {
          case 'write':
            return { kind: 'written', record: decision.record };
          case 'unchanged':
            return { kind: 'unchanged', record: decision.record };
          case 'conflict':
            return { kind: 'conflict', theirs: decision.theirs };
        }
      } catch (error) {
        return { kind: 'failed', status: classifyStorageError(error, false).status };
      }
    },

    readDrafts: () => journal.orphans(),
    writeDraft: (draft) => journal.write(draft),
    clearDraft: (id, text) => journal.clear(id, text),
    discardDrafts: (drafts) => journal.discard(drafts),

    announce(record) {
      channel?.postMessage({ type: 'saved', record });
    },

    onAnnounce(listener) {
      if (!channel) return () => {};
      const handle = (event: MessageEvent) => {
        try {
          const data = event.data as { type?: unknown; record?: unknown };
          if (data.type === 'saved') listener(validateSavedAnswer(data.record));
        } catch {
          // a message from another bitlab version: the compare-before-write still protects
        }
      };
      channel.addEventListener('message', handle);
      return () => channel.removeEventListener('message', handle);
    },
  };
}
