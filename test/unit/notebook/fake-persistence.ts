// An in-memory stand-in for IndexedDB + localStorage + BroadcastChannel, shared by several
// "tabs" (controllers), with the same compare-before-write rule as the real one.
import { decideWrite, type AnswerDraft, type SavedAnswer } from '../../../src/core/notebook/answer-record.ts';
import type { QuestionId } from '../../../src/core/notebook/questions.ts';
import type { AnswersPersistence, WriteOutcome } from '../../../src/state/answers-persistence.ts';
import { StorageProblem } from '../../../src/state/answers-persistence.ts';
import type { StorageStatus } from '../../../src/state/answers-reducer.ts';

export class FakeBrowser {
  readonly records = new Map<QuestionId, SavedAnswer>();
  /** Journal entries by "writerId.questionId", like the real localStorage keys. */
  readonly drafts = new Map<string, AnswerDraft>();
  /** Tabs whose page is alive (their drafts are not recovered by others). */
  readonly alive = new Set<string>();
  readonly writes: { questionId: QuestionId; text: string; baseRevision: number }[] = [];
  readonly listeners = new Set<{ tab: string; listener: (r: SavedAnswer) => void }>();
  /** Set to make every IndexedDB call fail like this. */
  failure: Exclude<StorageStatus, { kind: 'loading' | 'ready' }> | null = null;

  draft(writer: string, id: QuestionId): AnswerDraft | undefined {
    return this.drafts.get(`${writer}.${id}`);
  }

  /** The tab's page goes away (closed or crashed) without any cleanup. */
  kill(name: string): void {
    this.alive.delete(name);
    for (const entry of this.listeners) if (entry.tab === name) this.listeners.delete(entry);
  }

  tab(name: string): AnswersPersistence {
    this.alive.add(name);
    return {
      load: async () => {
        if (this.failure) throw new StorageProblem(this.failure);
        return { records: [...this.records.values()], unreadable: 0 };
      },
      write: async (request): Promise<WriteOutcome> => {
        await Promise.resolve();
        if (this.failure) return { kind: 'failed', status: this.failure };
        this.writes.push({ questionId: request.questionId, text: request.text, baseRevision: request.baseRevision });
        const decision = decideWrite(this.records.get(request.questionId), request);
        if (decision.kind === 'write') this.records.set(request.questionId, decision.record);
        return decision.kind === 'conflict' ? decision : { kind: decision.kind === 'write' ? 'written' : 'unchanged', record: decision.record };
      },
      readDrafts: async () => [...this.drafts.values()].filter((d) => d.writerId !== name && !this.alive.has(d.writerId)),
      writeDraft: (draft) => void this.drafts.set(`${name}.${draft.questionId}`, draft),
      clearDraft: (id, text) => {
        if (this.draft(name, id)?.text === text) this.drafts.delete(`${name}.${id}`);
      },
      discardDrafts: (drafts) => {
        for (const d of drafts) this.drafts.delete(`${d.writerId}.${d.questionId}`);
      },
      announce: (record) => {
        for (const { tab, listener } of this.listeners) if (tab !== name) listener(record);
      },
      onAnnounce: (listener) => {
        const entry = { tab: name, listener };
        this.listeners.add(entry);
        return () => this.listeners.delete(entry);
      },
    };
  }
}
