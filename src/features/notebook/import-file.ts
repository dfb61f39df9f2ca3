// Import of an exported notebook (.ipynb) or Markdown file into the answers, with a message
// for the student either way. Bad files change nothing on the page.
import { NotebookImportError } from '../../core/notebook/errors.ts';
import { parseAnswersFromNotebook } from '../../core/notebook/ipynb-parse.ts';
import { parseAnswersFromMarkdown } from '../../core/notebook/markdown-export.ts';
import { questionById, type QuestionId } from '../../core/notebook/questions.ts';
import type { AnswersController } from '../../state/answers-store.ts';

export interface ImportNotice {
  readonly tone: 'info' | 'warn' | 'error';
  readonly title: string;
  readonly lines: readonly string[];
}

/** Far above any real export (text plus a few charts), far below what would hang the tab. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const numbers = (ids: readonly QuestionId[]) => ids.map((id) => questionById(id).number).join(', ');

export async function importNotebookFile(file: File, controller: AnswersController): Promise<ImportNotice> {
  const failed = (lines: string[]): ImportNotice => ({ tone: 'error', title: `Nothing was imported from “${file.name}”.`, lines });
  if (file.size > MAX_IMPORT_BYTES) {
    return failed([`Expected a bitlab notebook of at most 50 MB, but found a file of ${(file.size / 1e6).toFixed(0)} MB. Choose the file that bitlab exported.`]);
  }
  try {
    const text = await file.text();
    const imported = /\.(md|markdown)$/i.test(file.name) ? parseAnswersFromMarkdown(text) : parseAnswersFromNotebook(text);
    const { filled, appended, unchanged } = controller.importAnswers(imported, file.name);
    const lines: string[] = [];
    if (filled.length) lines.push(`Filled in question${filled.length === 1 ? '' : 's'} ${numbers(filled)}.`);
    if (appended.length) {
      lines.push(`Question${appended.length === 1 ? '' : 's'} ${numbers(appended)} already had different text: yours is kept first, and the imported text follows below a line. Edit to keep what you want.`);
    }
    if (unchanged.length) lines.push(`Question${unchanged.length === 1 ? '' : 's'} ${numbers(unchanged)} unchanged (same text, or no answer in the file).`);
    for (const skip of imported.skipped) lines.push(`Skipped an answer for “${skip.questionId}”: ${skip.reason}.`);
    return { tone: imported.skipped.length ? 'warn' : 'info', title: `Imported answers from “${file.name}”.`, lines };
  } catch (error) {
    if (error instanceof NotebookImportError) return failed([error.message]);
    return failed([`Expected a readable file, but reading it failed (${String(error)}). Try choosing the file again.`]);
  }
}
