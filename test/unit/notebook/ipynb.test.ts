// .ipynb export and import: round trip, the nbformat 4.5 schema, and how cells are written.
import { describe, expect, it } from 'vitest';
import type { ExportBlock, PlacedBlock } from '../../../src/core/notebook/blocks.ts';
import { ExportBlockInvalidError } from '../../../src/core/notebook/errors.ts';
import { buildNotebook, serializeNotebook } from '../../../src/core/notebook/ipynb-build.ts';
import { parseAnswersFromNotebook } from '../../../src/core/notebook/ipynb-parse.ts';
import { QUESTIONS } from '../../../src/core/notebook/questions.ts';
import { nbformat45Violations } from './nbformat45-schema.ts';

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const ANSWERS: Record<string, string> = {
  q1: 'Rounding each weight to the nearest representable value adds a small error, and errors **add up** across layers.',
  q2: 'Size drops 4× (or 8×) but every weight carries a rounding error:\n\n- memory\n- speed\n\n$$\\epsilon \\le \\tfrac{s}{2}$$',
  q3: 'FP16 keeps an exponent; INT8 needs a scale `s` with $x \\approx s\\,q$.',
  q4: '',
  q5: 'Pruned weights are zeros but still take 4 bytes each | so no change.',
  q6: 'Quantization. <b>not html</b>',
  q7: 'Line one\r\nline two with trailing newline\n',
  q8: 'Quantize — "quotes", émoji 🎉 and a backslash \\ survive.',
};

function answerBlocks(texts: Record<string, string>): PlacedBlock[] {
  return QUESTIONS.map((q) => ({ sourceId: `reflect-${q.part}`, block: { kind: 'answer', questionId: q.id, text: texts[q.id] ?? '' } }));
}

function sampleBlocks(): PlacedBlock[] {
  const lesson: ExportBlock = { kind: 'markdown', key: 'text', markdown: '# Why compress a model?\n\nA trained network is mostly numbers.' };
  const table: ExportBlock = { kind: 'table', key: 'sizes', title: 'Model size', columns: ['Format', 'MB'], rows: [['FP32', 438.1], ['INT8 | row scales', 110.2], ['NF4', null]] };
  const image: ExportBlock = { kind: 'image', key: 'ppl chart', title: 'Perplexity', alt: 'Perplexity per format [bar chart]', pngBase64: PNG_1X1 };
  return [{ sourceId: 'intro-title', block: lesson }, { sourceId: 'results', block: table }, { sourceId: 'results', block: image }, ...answerBlocks(ANSWERS)];
}

const build = (blocks = sampleBlocks()) => buildNotebook({ title: 'bitlab test', exportedAt: '2025-01-02T03:04:05.000Z', blocks });

describe('ipynb export', () => {
  it('round-trips every answer through JSON text exactly', () => {
    const text = serializeNotebook(build());
    const { answers, skipped } = parseAnswersFromNotebook(text);
    expect(skipped).toEqual([]);
    const got = Object.fromEntries(answers.map((a) => [a.questionId, a.text]));
    expect(got).toEqual(ANSWERS);
    expect(answers.map((a) => a.questionId)).toEqual(QUESTIONS.map((q) => q.id));
  });

  it('is a valid nbformat 4.5 notebook', () => {
    const notebook = JSON.parse(serializeNotebook(build()));
    expect(nbformat45Violations(notebook)).toEqual([]);
    expect(notebook.nbformat).toBe(4);
    expect(notebook.nbformat_minor).toBe(5);
  });

  it('the schema check itself rejects broken notebooks (so a pass means something)', () => {
    const notebook = JSON.parse(serializeNotebook(build()));
    notebook.cells[1].id = 'has space';
    notebook.cells[2].id = notebook.cells[3].id;
    notebook.cells[4].outputs = [];
    delete notebook.cells[5].metadata;
    notebook.cells.push({ id: 'c', cell_type: 'code', metadata: {}, source: '' });
    notebook.nbformat_minor = 4;
    const violations = nbformat45Violations(notebook).join('\n');
    expect(violations).toMatch(/cells\[1\]\.id/);
    expect(violations).toMatch(/duplicate/);
    expect(violations).toMatch(/cells\[4\]: additional property "outputs"/);
    expect(violations).toMatch(/cells\[5\]: missing required "metadata"/);
    expect(violations).toMatch(/missing required "outputs"/);
    expect(violations).toMatch(/nbformat_minor/);
  });

  it('marks each answer cell with its question in metadata.bitlab, after a question cell', () => {
    const { cells } = build();
    const q3 = cells.findIndex((c) => c.metadata.bitlab?.kind === 'answer' && c.metadata.bitlab.questionId === 'q3');
    expect(cells[q3]!.metadata.bitlab).toEqual({ kind: 'answer', questionId: 'q3', schema: 1 });
    expect(cells[q3]!.id).toBe('answer-q3');
    expect(cells[q3 - 1]!.metadata.bitlab).toEqual({ kind: 'question', questionId: 'q3', schema: 1 });
    expect(cells[q3 - 1]!.source.join('')).toContain('INT8 and FP16');
  });

  it('writes sources as Jupyter does: lines ending in \\n, the last without; empty answer = []', () => {
    const { cells } = build();
    const q2 = cells.find((c) => c.id === 'answer-q2')!;
    expect(q2.source[0]).toBe('Size drops 4× (or 8×) but every weight carries a rounding error:\n');
    expect(q2.source.at(-1)).toBe('$$\\epsilon \\le \\tfrac{s}{2}$$');
    expect(cells.find((c) => c.id === 'answer-q4')!.source).toEqual([]);
  });

  it('writes tables as Markdown tables, escaping pipes, and charts as PNG attachments', () => {
    const { cells } = build();
    const table = cells.find((c) => c.id === 'results-sizes')!.source.join('');
    expect(table).toContain('| Format | MB |\n| --- | ---: |\n| FP32 | 438.1 |\n| INT8 \\| row scales | 110.2 |\n| NF4 | — |');
    const image = cells.find((c) => c.attachments)!;
    expect(image.id).toBe('results-ppl-chart');
    expect(image.attachments).toEqual({ 'results-ppl-chart.png': { 'image/png': PNG_1X1 } });
    expect(image.source.join('')).toContain('![Perplexity per format \\[bar chart\\]](attachment:results-ppl-chart.png)');
  });

  it('makes every cell id valid and unique, whatever the sources asked for', () => {
    const weird: PlacedBlock[] = [
      { sourceId: 'a b/c', block: { kind: 'markdown', key: 'x', markdown: '1' } },
      { sourceId: 'a b/c', block: { kind: 'markdown', key: 'x', markdown: '2' } },
      { sourceId: 'ü'.repeat(10), block: { kind: 'markdown', key: '', markdown: '3' } },
      { sourceId: 'long'.repeat(40), block: { kind: 'markdown', key: 'k', markdown: '4' } },
    ];
    const ids = build(weird).cells.map((c) => c.id);
    expect(ids).toEqual(['bitlab-title', 'a-b-c-x', 'a-b-c-x-2', 'cell', expect.stringMatching(/^(long)+$/)]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(64);
  });

  it('refuses image data that is not a PNG, naming the source', () => {
    const bad: PlacedBlock[] = [{ sourceId: 'charts', block: { kind: 'image', key: 'k', alt: 'chart', pngBase64: '/9j/4AAQSkZJRg==' } }];
    expect(() => build(bad)).toThrow(ExportBlockInvalidError);
    expect(() => build(bad)).toThrow(/base64 PNG data \(from export source "charts"\)/);
  });

  it('reads answers from a notebook edited in Jupyter: string sources, moved cells, extra metadata, duplicates', () => {
    const notebook = JSON.parse(serializeNotebook(build(answerBlocks({ q1: 'one', q2: 'two' }))));
    const q1 = notebook.cells.find((c: { id: string }) => c.id === 'answer-q1');
    q1.source = 'edited in Jupyter\nsecond line';
    q1.metadata.tags = ['graded'];
    notebook.cells.reverse();
    notebook.cells.push({ ...notebook.cells.find((c: { id: string }) => c.id === 'answer-q2'), id: 'copy', source: ['copied cell'] });
    notebook.cells.push({ id: 'mine', cell_type: 'code', metadata: {}, source: 'print(1)', outputs: [], execution_count: 3 });
    const { answers } = parseAnswersFromNotebook(JSON.stringify(notebook));
    const got = Object.fromEntries(answers.map((a) => [a.questionId, a.text]));
    expect(got.q1).toBe('edited in Jupyter\nsecond line');
    expect(got.q2).toBe('two\n\ncopied cell');
    expect(got.q5).toBe('');
  });
});
