// One reflection question: the question (which is also the answer box's label), a hint, the
// Markdown editor, and how saving is going.
import type { Question } from '../../core/notebook/questions.ts';
import { cellOf, isDirty, type AnswerCell, type StorageStatus } from '../../state/answers-reducer.ts';
import { answersController, useAnswers } from '../../state/answers-app.ts';
import { ConflictNotice } from './ConflictNotice.tsx';
import { MarkdownEditor } from './MarkdownEditor.tsx';

function saveStatus(cell: AnswerCell, storage: StorageStatus): string {
  if (cell.conflict) return 'Not saved: choose a version above.';
  switch (storage.kind) {
    case 'loading':
      return 'Loading your saved answer…';
    case 'unavailable':
      return cell.text ? 'Kept on this page only: this browser is not letting bitlab save.' : '';
    case 'full':
    case 'failing':
      return isDirty(cell) ? 'Not saved yet: see the storage message above.' : 'Saved in this browser.';
    case 'ready':
      if (cell.saving) return 'Saving…';
      if (isDirty(cell)) return 'Unsaved changes…';
      return cell.text ? 'Saved in this browser.' : '';
  }
}

export function ReflectionCell({ question }: { readonly question: Question }) {
  const cell = useAnswers((state) => cellOf(state, question.id));
  const storage = useAnswers((state) => state.storage);
  const controller = answersController();
  const base = `answer-${question.id}`;
  return (
    <article className="cell reflection-cell" data-question-id={question.id} aria-labelledby={`${base}-label`}>
      <div className="cell-kicker">Question {question.number}</div>
      <label id={`${base}-label`} htmlFor={`${base}-input`} className="question-text">
        {question.text}
      </label>
      <p id={`${base}-hint`} className="question-hint">{question.hint}</p>
      {cell.conflict && (
        <ConflictNotice
          theirs={cell.conflict}
          onKeepMine={() => controller.keepMine(question.id)}
          onLoadNewer={() => controller.loadNewer(question.id)}
        />
      )}
      <MarkdownEditor
        id={`${base}-input`}
        value={cell.text}
        onChange={(text) => controller.edit(question.id, text)}
        describedBy={`${base}-hint ${base}-status`}
      />
      <p id={`${base}-status`} className="save-status" data-state={cell.conflict ? 'conflict' : isDirty(cell) ? 'dirty' : 'saved'}>
        {saveStatus(cell, storage)}
      </p>
    </article>
  );
}
