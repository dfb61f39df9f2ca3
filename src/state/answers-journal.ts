// The crash journal: every edit is copied synchronously to localStorage before the debounced
// IndexedDB write, so text typed just before a crash or a closed tab is found on the next
// visit. Each page writes under its own id and holds a Web Lock named after it for its whole
// life; a new page recovers only drafts whose page no longer holds its lock (closed, crashed,
// reloaded). Drafts of a tab that is still open are that tab's business, not ours.
import { validateAnswerDraft, type AnswerDraft } from '../core/notebook/answer-record.ts';
import type { QuestionId } from '../core/notebook/questions.ts';

const PREFIX = 'bitlab.answers.draft.';
const LOCK_PREFIX = 'bitlab-page-';

export interface DraftJournal {
  /** Drafts left by pages that are gone. */
  orphans(): Promise<AnswerDraft[]>;
  write(draft: AnswerDraft): void;
  /** Removes this page's draft if it still holds `text` (a newer keystroke may have replaced it). */
  clear(id: QuestionId, text: string): void;
  /** Removes recovered orphans once this page has taken them over. */
  discard(drafts: readonly AnswerDraft[]): void;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // reading the property throws where site data is blocked
  }
}

const keyOf = (writerId: string, id: QuestionId) => `${PREFIX}${writerId}.${id}`;

/** Names of the pages that are alive, or null where the Web Locks API is missing. */
async function livePages(): Promise<Set<string> | null> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return null;
  const { held = [] } = await locks.query();
  return new Set(held.flatMap((lock) => (lock.name?.startsWith(LOCK_PREFIX) ? [lock.name.slice(LOCK_PREFIX.length)] : [])));
}

export function createDraftJournal(writerId: string): DraftJournal {
  // Held until the page goes away; the promise never settles on purpose.
  void globalThis.navigator?.locks?.request(LOCK_PREFIX + writerId, () => new Promise<never>(() => {}));

  return {
    async orphans() {
      const store = storage();
      if (!store) return [];
      const alive = await livePages().catch(() => null);
      const drafts: AnswerDraft[] = [];
      for (let i = 0; i < store.length; i += 1) {
        const key = store.key(i);
        if (!key?.startsWith(PREFIX)) continue;
        try {
          const draft = validateAnswerDraft(JSON.parse(store.getItem(key) ?? ''));
          // Without Web Locks we cannot tell; recovering a live tab's draft only risks a
          // conflict warning, while skipping a dead one would lose text.
          if (draft.writerId !== writerId && !alive?.has(draft.writerId)) drafts.push(draft);
        } catch {
          store.removeItem(key); // unreadable: nothing to recover from it
          i -= 1;
        }
      }
      // Several dead pages may have drafts for one question: the latest edit wins.
      const latest = new Map<QuestionId, AnswerDraft>();
      for (const draft of drafts) {
        const seen = latest.get(draft.questionId);
        if (!seen || seen.editedAt < draft.editedAt) latest.set(draft.questionId, draft);
      }
      return [...latest.values()];
    },
    write(draft) {
      try {
        storage()?.setItem(keyOf(writerId, draft.questionId), JSON.stringify(draft));
      } catch {
        // quota or blocked storage: the IndexedDB write and the on-screen text remain
      }
    },
    clear(id, text) {
      const store = storage();
      const key = keyOf(writerId, id);
      try {
        const raw = store?.getItem(key);
        if (raw && (JSON.parse(raw) as { text?: unknown }).text === text) store?.removeItem(key);
      } catch {
        // nothing to clean up
      }
    },
    discard(drafts) {
      const store = storage();
      for (const draft of drafts) {
        try {
          store?.removeItem(keyOf(draft.writerId, draft.questionId));
        } catch {
          // already gone
        }
      }
    },
  };
}
