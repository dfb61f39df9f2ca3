// Corrupt and foreign files give named errors that say what was expected, what was found and
// what to do.
import { describe, expect, it } from 'vitest';
import { NotebookImportError } from '../../../src/core/notebook/errors.ts';
import { buildNotebook, serializeNotebook } from '../../../src/core/notebook/ipynb-build.ts';
import { parseAnswersFromNotebook } from '../../../src/core/notebook/ipynb-parse.ts';
import { parseAnswersFromMarkdown } from '../../../src/core/notebook/markdown-export.ts';
import type { QuestionId } from '../../../src/core/notebook/questions.ts';

function importError(text: string): NotebookImportError {
  try {
    parseAnswersFromNotebook(text);
  } catch (error) {
    if (error instanceof NotebookImportError) return error;
    throw error;
  }
  throw new Error('expected the import to fail');
}

const answerCell = (questionId: string, source: string, schema = 1) => ({
  id: `a-${questionId}`, cell_type: 'markdown', metadata: { bitlab: { kind: 'answer', questionId, schema } }, source,
});
const notebookWith = (cells: unknown[]) => JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

describe('importing bad notebooks', () => {
  it.each([
    ['not JSON', '{"cells": [', 'not-json', /text that is not JSON \(it starts "\{"cells": \["\)/],
    ['a PDF', '%PDF-1.7\n...', 'not-json', /found a PDF file/],
    ['an empty file', '', 'not-json', /found an empty file/],
    ['JSON, not a notebook', '{"name": "bitlab", "version": "0.1.0"}', 'not-a-notebook', /found JSON that is not a notebook \(an object with keys name, version\)/],
    ['a JSON list', '[1, 2]', 'not-a-notebook', /a list of 2 items/],
    ['nbformat 3', JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [] }), 'unsupported-nbformat', /found nbformat 3/],
    ['a notebook without bitlab answers', notebookWith([{ id: 'x', cell_type: 'markdown', metadata: {}, source: '# hi' }]), 'no-bitlab-answers', /found a notebook with 1 cells but no bitlab answer cells/],
    ['answers to unknown questions only', notebookWith([answerCell('q9', 'x'), answerCell('quiz-1', 'y')]), 'unknown-questions', /found answers to "q9" \(not one of this notebook’s questions\), "quiz-1"/],
  ])('%s → %s', (_name, text, code, found) => {
    const error = importError(text);
    expect(error.code).toBe(code);
    expect(error.name).toBe('NotebookImportError');
    expect(error.message).toMatch(/^Expected /);
    expect(error.message).toMatch(found);
    expect(error.detail.action.length).toBeGreaterThan(20);
  });

  it('imports the known answers and reports the unknown or newer-schema ones as skipped', () => {
    const text = notebookWith([answerCell('q2', 'kept'), answerCell('q42', 'lost'), answerCell('q3', 'future', 2)]);
    const { answers, skipped } = parseAnswersFromNotebook(text);
    expect(answers).toEqual([{ questionId: 'q2', text: 'kept' }]);
    expect(skipped).toEqual([
      { questionId: 'q42', reason: 'not one of this notebook’s questions' },
      { questionId: 'q3', reason: 'written by another bitlab version (cell schema 2)' },
    ]);
  });

  it('finds answers by their question cells when a tool dropped the cell metadata', () => {
    const blocks = [{ sourceId: 'r', block: { kind: 'answer' as const, questionId: 'q2' as QuestionId, text: 'kept by position' } }];
    const notebook = JSON.parse(serializeNotebook(buildNotebook({ title: 't', exportedAt: 'now', blocks })));
    for (const cell of notebook.cells) cell.metadata = {};
    expect(parseAnswersFromNotebook(JSON.stringify(notebook)).answers).toEqual([{ questionId: 'q2', text: 'kept by position' }]);
  });

  it('ignores cells whose metadata is not what bitlab writes', () => {
    const text = notebookWith([
      { id: 'a', cell_type: 'markdown', metadata: { bitlab: 'answer' }, source: 'x' },
      { id: 'b', cell_type: 'markdown', source: 'no metadata' },
      null,
      answerCell('q1', 'real'),
    ]);
    expect(parseAnswersFromNotebook(text).answers).toEqual([{ questionId: 'q1', text: 'real' }]);
  });

  it('Markdown: a file without answer markers is refused, one from bitlab round-trips', () => {
    expect(() => parseAnswersFromMarkdown('# My notes\n\nNo answers here.')).toThrow(/Markdown file without bitlab answer markers/);
    const ipynb = serializeNotebook(buildNotebook({ title: 't', exportedAt: 'now', blocks: [] }));
    expect(() => parseAnswersFromNotebook(ipynb)).toThrow(NotebookImportError);
  });
});
