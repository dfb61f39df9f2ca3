// The notebook as one Markdown file: readable anywhere, printable, and importable again.
// Answers sit between HTML comments (invisible when rendered) so that importing the file
// finds them without guessing where an answer ends.
import { assertNever, checkBlock, markdownTable, type ExportBlock } from './blocks.ts';
import { escapeMarkdownText, questionMarkdown, type NotebookExportInput } from './ipynb-build.ts';
import { NotebookImportError } from './errors.ts';
import type { ImportedAnswers } from './imported-answers.ts';
import { isQuestionId, QUESTIONS, type QuestionId } from './questions.ts';

const ANSWER_OPEN = /<!-- bitlab:answer ([\w-]+) -->\n?/g;
const ANSWER_CLOSE = '<!-- /bitlab:answer -->';
const MARKDOWN_PREAMBLE =
  'Exported from bitlab. Your answers are under each question; import this file into bitlab ' +
  'to continue there (keep the hidden comments around each answer).';

function blockMarkdown(block: ExportBlock): string {
  switch (block.kind) {
    case 'markdown':
      return block.markdown;
    case 'table':
      return [block.title ? `**${escapeMarkdownText(block.title)}**` : '', markdownTable(block.columns, block.rows), block.note ?? '']
        .filter(Boolean).join('\n\n');
    case 'image': {
      const alt = block.alt.replace(/[[\]\\]/g, '\\$&');
      return [block.title ? `**${escapeMarkdownText(block.title)}**` : '', `![${alt}](data:image/png;base64,${block.pngBase64})`]
        .filter(Boolean).join('\n\n');
    }
    case 'answer':
      return [
        questionMarkdown(block.questionId),
        `<!-- bitlab:answer ${block.questionId} -->\n${block.text.trim() === '' ? '' : `${block.text.trimEnd()}\n`}${ANSWER_CLOSE}`,
      ].join('\n\n');
    default:
      return assertNever(block);
  }
}

export function buildMarkdown(input: NotebookExportInput): string {
  const parts = [`# ${escapeMarkdownText(input.title)}`, `*${MARKDOWN_PREAMBLE}*`];
  for (const { sourceId, block } of input.blocks) parts.push(blockMarkdown(checkBlock(sourceId, block)));
  return `${parts.join('\n\n')}\n`;
}

/** Reads answers from a Markdown export (the fallback download when storage is unavailable). */
export function parseAnswersFromMarkdown(text: string): ImportedAnswers {
  const texts = new Map<QuestionId, string>();
  const skipped: { questionId: string; reason: string }[] = [];
  const source = text.replace(/\r\n/g, '\n');
  for (const match of source.matchAll(ANSWER_OPEN)) {
    const start = match.index + match[0].length;
    const end = source.indexOf(ANSWER_CLOSE, start);
    const id = match[1]!;
    if (end < 0) skipped.push({ questionId: id, reason: 'its end marker is missing' });
    else if (!isQuestionId(id)) skipped.push({ questionId: id, reason: 'not one of this notebook’s questions' });
    else texts.set(id, source.slice(start, end).replace(/\n$/, ''));
  }
  if (texts.size === 0) {
    throw new NotebookImportError(skipped.length ? 'unknown-questions' : 'no-bitlab-answers', {
      expected: 'a Markdown file exported from bitlab, with answers between “bitlab:answer” markers',
      found: skipped.length ? `answers to ${skipped.map((s) => `"${s.questionId}" (${s.reason})`).join(', ')}` : 'a Markdown file without bitlab answer markers',
      action: 'Import the .md or .ipynb file that bitlab exported; nothing was changed on this page.',
    });
  }
  const answers = QUESTIONS.filter((q) => texts.has(q.id)).map((q) => ({ questionId: q.id, text: texts.get(q.id)! }));
  return { answers, skipped };
}
