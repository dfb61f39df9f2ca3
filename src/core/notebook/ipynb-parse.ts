// Reads the answers back out of a notebook file. Only cells whose metadata.bitlab says
// "answer" count: a notebook is a document the student may have edited in Jupyter, so cell
// order, ids and other cells are not relied on. Bad files fail with a NotebookImportError
// whose code names the kind of problem.
import { describeValue, NotebookImportError } from './errors.ts';
import type { ImportedAnswers } from './imported-answers.ts';
import { questionMarkdown } from './ipynb-build.ts';
import { BITLAB_CELL_SCHEMA, fromSource, NBFORMAT } from './ipynb-types.ts';
import { isQuestionId, QUESTIONS, type QuestionId } from './questions.ts';

const EXPECTED_NOTEBOOK = 'a Jupyter notebook (.ipynb) exported from bitlab';

function sniff(text: string): string {
  const head = text.trimStart().slice(0, 5);
  if (head.startsWith('%PDF')) return 'a PDF file';
  if (head.startsWith('PK')) return 'a ZIP archive (an .ipynb file is plain JSON text)';
  if (head.startsWith('<')) return 'an HTML or XML page';
  if (text.trim() === '') return 'an empty file';
  return `text that is not JSON (it starts "${text.trimStart().slice(0, 30)}")`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseNotebookJson(text: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new NotebookImportError('not-json', {
      expected: `${EXPECTED_NOTEBOOK}, which is JSON text`,
      found: sniff(text),
      action: 'Choose the .ipynb file that bitlab’s “Export .ipynb” button saved.',
    });
  }
  if (!isObject(data) || !('cells' in data || 'worksheets' in data) || !('nbformat' in data)) {
    throw new NotebookImportError('not-a-notebook', {
      expected: `${EXPECTED_NOTEBOOK}: JSON with "nbformat" and "cells"`,
      found: `JSON that is not a notebook (${describeValue(data)})`,
      action: 'Choose the .ipynb file that bitlab’s “Export .ipynb” button saved.',
    });
  }
  if (data.nbformat !== NBFORMAT || !Array.isArray(data.cells)) {
    throw new NotebookImportError('unsupported-nbformat', {
      expected: 'a notebook in nbformat 4 (what Jupyter, Colab and bitlab write today)',
      found: `nbformat ${describeValue(data.nbformat)}`,
      action: 'Open the file in Jupyter and save it again (it converts to nbformat 4), then import it.',
    });
  }
  return data;
}

/**
 * Fallback for a notebook whose cell metadata was dropped by some tool: an answer is the
 * markdown cell right after a cell that is exactly one of our question cells.
 */
function answersByQuestionCells(cells: readonly unknown[]): { questionId: QuestionId; text: string }[] {
  const sourceOf = (cell: unknown) => (isObject(cell) && cell.cell_type === 'markdown' ? fromSource(cell.source) : null);
  const questionOf = (cell: unknown) => QUESTIONS.find((q) => sourceOf(cell)?.trim() === questionMarkdown(q.id));
  const found: { questionId: QuestionId; text: string }[] = [];
  cells.forEach((cell, i) => {
    const question = questionOf(cell);
    const next = cells[i + 1];
    const text = sourceOf(next);
    if (question && text !== null && !questionOf(next) && !found.some((f) => f.questionId === question.id)) {
      found.push({ questionId: question.id, text });
    }
  });
  return QUESTIONS.flatMap((q) => found.filter((f) => f.questionId === q.id));
}

export function parseAnswersFromNotebook(text: string): ImportedAnswers {
  const notebook = parseNotebookJson(text);
  const texts = new Map<QuestionId, string[]>();
  const skipped: { questionId: string; reason: string }[] = [];
  let answerCells = 0;
  const cells = notebook.cells as unknown[];
  for (const cell of cells) {
    if (!isObject(cell) || !isObject(cell.metadata) || !isObject(cell.metadata.bitlab)) continue;
    const meta = cell.metadata.bitlab;
    if (meta.kind !== 'answer') continue;
    answerCells += 1;
    const questionId = String(meta.questionId);
    const source = fromSource(cell.source);
    if (meta.schema !== BITLAB_CELL_SCHEMA) skipped.push({ questionId, reason: `written by another bitlab version (cell schema ${describeValue(meta.schema)})` });
    else if (!isQuestionId(questionId)) skipped.push({ questionId, reason: 'not one of this notebook’s questions' });
    else if (source === null) skipped.push({ questionId, reason: 'its text is not readable' });
    // A cell duplicated in Jupyter gives two answers to one question: keep both texts.
    else if (source.trim() !== '') texts.set(questionId, [...(texts.get(questionId) ?? []), source]);
    else if (!texts.has(questionId)) texts.set(questionId, []);
  }
  if (answerCells === 0) {
    const recovered = answersByQuestionCells(cells);
    if (recovered.length) return { answers: recovered, skipped: [] };
    throw new NotebookImportError('no-bitlab-answers', {
      expected: `${EXPECTED_NOTEBOOK}, with answer cells marked in their metadata`,
      found: `a notebook with ${cells.length} cells but no bitlab answer cells`,
      action: 'Import a notebook that bitlab exported. Answers copied into another notebook are not recognised.',
    });
  }
  if (texts.size === 0) {
    throw new NotebookImportError('unknown-questions', {
      expected: `answers to this notebook’s questions (${QUESTIONS.map((q) => q.id).join(', ')})`,
      found: `answers to ${skipped.map((s) => `"${s.questionId}" (${s.reason})`).join(', ')}`,
      action: 'This file belongs to a different notebook or bitlab version; nothing was changed on this page.',
    });
  }
  const answers = QUESTIONS.filter((q) => texts.has(q.id)).map((q) => ({ questionId: q.id, text: texts.get(q.id)!.join('\n\n') }));
  return { answers, skipped };
}
