// The saved-answer document: validation on load and the compare-before-write rule; the
// reducer's load reconciliation; Markdown export round trip.
import { describe, expect, it } from 'vitest';
import { decideWrite, validateAnswerDraft, validateSavedAnswer, type SavedAnswer } from '../../../src/core/notebook/answer-record.ts';
import { SavedAnswerInvalidError } from '../../../src/core/notebook/errors.ts';
import { buildMarkdown, parseAnswersFromMarkdown } from '../../../src/core/notebook/markdown-export.ts';
import { QUESTIONS, type QuestionId } from '../../../src/core/notebook/questions.ts';
import { answersReducer, cellOf, initialAnswersState } from '../../../src/state/answers-reducer.ts';

const q1 = 'q1' as QuestionId;
const saved = (text: string, revision: number): SavedAnswer => ({ schema: 1, questionId: q1, text, revision, savedAt: 't', writerId: 'w' });
const request = (text: string, baseRevision: number) => ({ questionId: q1, text, baseRevision, writerId: 'me', now: 'now' });

describe('saved answer validation', () => {
  it('accepts a record it wrote and rejects others with a named error', () => {
    expect(validateSavedAnswer(saved('x', 3))).toEqual(saved('x', 3));
    for (const bad of [null, 'text', { ...saved('x', 1), schema: 2 }, { ...saved('x', 1), questionId: 'q9' }, { ...saved('x', 0) }, { ...saved('x', 1), text: 5 }]) {
      expect(() => validateSavedAnswer(bad)).toThrow(SavedAnswerInvalidError);
    }
    expect(() => validateSavedAnswer({ ...saved('x', 1), schema: 2 })).toThrow(/Expected answer schema 1, but found 2/);
    expect(() => validateAnswerDraft({ schema: 1, questionId: 'q2', text: 't', baseRevision: -1, writerId: 'w', editedAt: '' })).toThrow(/base revision/);
  });
});

describe('compare-before-write', () => {
  it('writes revision 1 on empty storage and the next revision on top of the one seen', () => {
    expect(decideWrite(undefined, request('a', 0))).toMatchObject({ kind: 'write', record: { text: 'a', revision: 1, writerId: 'me' } });
    expect(decideWrite(saved('a', 4), request('b', 4))).toMatchObject({ kind: 'write', record: { revision: 5 } });
  });
  it('refuses to write over a newer revision than the writer saw', () => {
    expect(decideWrite(saved('newer', 5), request('stale', 4))).toEqual({ kind: 'conflict', theirs: saved('newer', 5) });
  });
  it('identical text is never a conflict', () => {
    expect(decideWrite(saved('same', 5), request('same', 2))).toEqual({ kind: 'unchanged', record: saved('same', 5) });
  });
});

describe('loading reconciles stored answers, drafts and early typing', () => {
  const draft = (text: string, baseRevision: number) => ({ schema: 1 as const, questionId: q1, text, baseRevision, writerId: 'old', editedAt: '' });
  const load = (records: SavedAnswer[], drafts: ReturnType<typeof draft>[], typed?: string) => {
    let state = initialAnswersState();
    if (typed !== undefined) state = answersReducer(state, { type: 'edited', id: q1, text: typed });
    return cellOf(answersReducer(state, { type: 'loaded', records, drafts, unreadable: 0 }), q1);
  };
  it('shows the stored answer', () => expect(load([saved('stored', 2)], [])).toMatchObject({ text: 'stored', baseRevision: 2, conflict: null }));
  it('a draft on top of the stored revision is restored as unsaved', () =>
    expect(load([saved('stored', 2)], [draft('stored + more', 2)])).toMatchObject({ text: 'stored + more', storedText: 'stored', baseRevision: 2, conflict: null }));
  it('a draft typed on an older revision becomes a conflict, keeping the draft on screen', () =>
    expect(load([saved('newer', 3)], [draft('old-based', 2)])).toMatchObject({ text: 'old-based', conflict: { text: 'newer', revision: 3 } }));
  it('a draft equal to the stored text is nothing', () => expect(load([saved('same', 3)], [draft('same', 1)])).toMatchObject({ text: 'same', conflict: null }));
  it('text typed before loading finished is not thrown away', () =>
    expect(load([saved('stored', 1)], [], 'typed early')).toMatchObject({ text: 'typed early', conflict: { text: 'stored' } }));
});

describe('Markdown export', () => {
  it('round-trips answers (including empty ones and Markdown inside) through its markers', () => {
    const texts = ['plain', '', '- a list\n- with $x^2$', '> quote\n\n```\ncode\n```', 'two\n\nparagraphs', 'x', 'y', 'z'];
    const blocks = QUESTIONS.map((q, i) => ({ sourceId: 's', block: { kind: 'answer' as const, questionId: q.id, text: texts[i]! } }));
    const markdown = buildMarkdown({ title: 'My answers', exportedAt: 'now', blocks });
    expect(markdown).toContain('### Question 3\n\n**INT8 and FP16');
    const { answers } = parseAnswersFromMarkdown(markdown.replace(/\n/g, '\r\n'));
    expect(answers.map((a) => a.text)).toEqual(texts);
  });
});
