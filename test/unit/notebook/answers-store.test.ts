// Autosave, crash journal, cross-tab conflicts and import merging, with fake timers and an
// in-memory browser.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QuestionId } from '../../../src/core/notebook/questions.ts';
import { cellOf } from '../../../src/state/answers-reducer.ts';
import { AUTOSAVE_DELAY_MS, createAnswersController, type AnswersController } from '../../../src/state/answers-store.ts';
import { FakeBrowser } from './fake-persistence.ts';

const q1 = 'q1' as QuestionId;
const q2 = 'q2' as QuestionId;

let browser: FakeBrowser;
const opened: AnswersController[] = [];

async function openTab(name: string): Promise<AnswersController> {
  const tab = createAnswersController({ persistence: browser.tab(name), writerId: name, now: () => '2025-01-01T00:00:00.000Z' });
  opened.push(tab);
  await tab.start();
  return tab;
}

const cell = (tab: AnswersController, id = q1) => cellOf(tab.store.getState(), id);
/** Runs timers and the promise chains they start. */
const elapse = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
  browser = new FakeBrowser();
});

afterEach(() => {
  for (const tab of opened.splice(0)) tab.dispose();
  vi.useRealTimers();
});

describe('autosave', () => {
  it('writes once, within half a second after typing pauses, and journals every keystroke at once', async () => {
    const tab = await openTab('A');
    for (const text of ['R', 'Ro', 'Rou', 'Round']) {
      tab.edit(q1, text);
      expect(browser.draft('A', q1)?.text).toBe(text);
      await elapse(100);
    }
    expect(browser.writes).toEqual([]);
    await elapse(AUTOSAVE_DELAY_MS - 100);
    expect(AUTOSAVE_DELAY_MS).toBeLessThanOrEqual(500);
    expect(browser.writes).toEqual([{ questionId: q1, text: 'Round', baseRevision: 0 }]);
    expect(browser.records.get(q1)?.revision).toBe(1);
    expect(cell(tab)).toMatchObject({ text: 'Round', storedText: 'Round', baseRevision: 1, saving: false });
    expect(browser.draft('A', q1)).toBeUndefined(); // saved, so the journal entry is gone
  });

  it('flush() writes immediately (pagehide) without waiting for the debounce', async () => {
    const tab = await openTab('A');
    tab.edit(q2, 'closing now');
    tab.flush();
    await elapse(0);
    expect(browser.records.get(q2)?.text).toBe('closing now');
  });

  it('a reload shows the saved answers; a crash before the write restores the journalled draft', async () => {
    const first = await openTab('A');
    first.edit(q1, 'saved text');
    await elapse(AUTOSAVE_DELAY_MS);
    first.edit(q2, 'typed just before the crash');
    first.dispose(); // the tab dies before its timer fires
    browser.kill('A');

    const second = await openTab('A2');
    expect(cell(second, q1).text).toBe('saved text');
    expect(cell(second, q2).text).toBe('typed just before the crash');
    await elapse(0);
    expect(browser.records.get(q2)?.text).toBe('typed just before the crash');
    expect(browser.drafts.size).toBe(0); // the orphan was taken over, saved and cleared
  });

  it('an open tab\'s unsaved draft is not taken over by a newly opened tab', async () => {
    const a = await openTab('A');
    a.edit(q1, 'A is typing');
    const b = await openTab('B');
    expect(cell(b).text).toBe('');
    expect(cell(b).conflict).toBeNull();
    await elapse(AUTOSAVE_DELAY_MS);
    expect(cell(b).text).toBe('A is typing'); // arrives through A's save instead
  });
});

describe('two tabs', () => {
  it('an untouched answer in tab B follows what tab A saved', async () => {
    const a = await openTab('A');
    const b = await openTab('B');
    a.edit(q1, 'from A');
    await elapse(AUTOSAVE_DELAY_MS);
    expect(cell(b)).toMatchObject({ text: 'from A', baseRevision: 1, conflict: null });
  });

  it('stale tab B never overwrites newer text: its save is refused and it shows a conflict', async () => {
    const a = await openTab('A');
    const b = await openTab('B');
    browser.listeners.clear(); // B misses A's broadcast: only compare-before-write protects
    a.edit(q1, 'newer text from A');
    await elapse(AUTOSAVE_DELAY_MS);
    b.edit(q1, 'stale edit in B');
    await elapse(AUTOSAVE_DELAY_MS);
    expect(browser.records.get(q1)).toMatchObject({ text: 'newer text from A', revision: 1 });
    expect(cell(b).text).toBe('stale edit in B');
    expect(cell(b).conflict?.text).toBe('newer text from A');
    b.edit(q1, 'stale edit in B, more');
    await elapse(AUTOSAVE_DELAY_MS * 3);
    expect(browser.records.get(q1)?.text).toBe('newer text from A'); // paused until B chooses
  });

  it('B with unsaved edits gets the conflict as soon as A saves, then "keep mine" wins', async () => {
    const a = await openTab('A');
    const b = await openTab('B');
    b.edit(q1, 'B typing');
    a.edit(q1, 'A saved first');
    a.flush();
    await elapse(0);
    expect(cell(b).conflict?.text).toBe('A saved first');
    b.keepMine(q1);
    await elapse(0);
    expect(browser.records.get(q1)).toMatchObject({ text: 'B typing', revision: 2, writerId: 'B' });
    // A has no edits since its save, so it simply follows B's choice.
    expect(cell(a)).toMatchObject({ text: 'B typing', baseRevision: 2, conflict: null });
  });

  it('"load the newer text" replaces B\'s text and discards its draft', async () => {
    const a = await openTab('A');
    const b = await openTab('B');
    b.edit(q1, 'B typing');
    a.edit(q1, 'A saved first');
    a.flush();
    await elapse(0);
    b.loadNewer(q1);
    expect(cell(b)).toMatchObject({ text: 'A saved first', conflict: null, baseRevision: 1 });
    expect(browser.draft('B', q1)).toBeUndefined();
    await elapse(AUTOSAVE_DELAY_MS);
    expect(browser.records.get(q1)?.revision).toBe(1);
  });
});

describe('storage problems', () => {
  it('IndexedDB unavailable: status says so, drafts are shown, typing is kept, nothing is written', async () => {
    browser.drafts.set('old.q1', { schema: 1, questionId: q1, text: 'journalled', baseRevision: 0, writerId: 'old', editedAt: '' });
    browser.failure = { kind: 'unavailable', detail: 'SecurityError' };
    const tab = await openTab('A');
    expect(tab.store.getState().storage.kind).toBe('unavailable');
    expect(cell(tab).text).toBe('journalled');
    tab.edit(q2, 'still here');
    await elapse(AUTOSAVE_DELAY_MS);
    expect(cell(tab, q2).text).toBe('still here');
    expect(browser.writes).toEqual([]);
  });

  it('quota exceeded: status "full", text kept, and the next edit after space is freed saves', async () => {
    const tab = await openTab('A');
    browser.failure = { kind: 'full', detail: 'QuotaExceededError' };
    tab.edit(q1, 'big answer');
    await elapse(AUTOSAVE_DELAY_MS);
    expect(tab.store.getState().storage.kind).toBe('full');
    expect(cell(tab).text).toBe('big answer');
    browser.failure = null;
    tab.edit(q1, 'big answer!');
    await elapse(AUTOSAVE_DELAY_MS);
    expect(tab.store.getState().storage.kind).toBe('ready');
    expect(browser.records.get(q1)?.text).toBe('big answer!');
  });
});

describe('import', () => {
  it('fills empty answers, appends to different ones, skips identical ones, and saves', async () => {
    const tab = await openTab('A');
    tab.edit(q1, 'my own answer');
    tab.edit(q2, 'same');
    await elapse(AUTOSAVE_DELAY_MS);
    const imported = { answers: [
      { questionId: q1, text: 'imported answer' },
      { questionId: q2, text: 'same' },
      { questionId: 'q3' as QuestionId, text: 'new one' },
    ], skipped: [] };
    const summary = tab.importAnswers(imported, 'notes.ipynb');
    expect(summary).toEqual({ filled: ['q3'], appended: ['q1'], unchanged: ['q2'] });
    expect(cell(tab, q1).text).toBe('my own answer\n\n---\n\n*Imported from notes.ipynb:*\n\nimported answer');
    expect(cell(tab, 'q3' as QuestionId).text).toBe('new one');
    await elapse(0);
    expect(browser.records.get('q3' as QuestionId)?.text).toBe('new one');
    // Importing the same file again changes nothing.
    expect(tab.importAnswers(imported, 'notes.ipynb')).toEqual({ filled: [], appended: [], unchanged: ['q1', 'q2', 'q3'] });
  });
});
