// Tells the student when answers cannot be saved, and offers their text as a file instead.
// The text on screen is never cleared by a storage failure.
import { useAnswers } from '../../state/answers-app.ts';
import type { StorageStatus } from '../../state/answers-reducer.ts';
import { downloadAnswersMarkdown } from './notebook-export.ts';

function explain(storage: StorageStatus): { title: string; body: string } | null {
  switch (storage.kind) {
    case 'loading':
    case 'ready':
      return null;
    case 'unavailable':
      return {
        title: 'Your answers cannot be saved in this browser.',
        body: 'bitlab saves answers in IndexedDB, which this browser does not allow here (private browsing or a blocked-storage setting does this). What you type stays on this page while it is open: download your answers before you close it, and import the file later to continue.',
      };
    case 'full':
      return {
        title: 'Your browser’s storage for this site is full, so the latest changes are not saved.',
        body: 'Your text stays on this page. Download your answers now; freeing space (for example, clearing other sites’ data) lets saving resume on your next edit.',
      };
    case 'failing':
      return {
        title: 'Saving your answers failed.',
        body: 'Your text stays on this page and bitlab tries again on your next edit. To be safe, download your answers.',
      };
  }
}

export function StorageNotice() {
  const storage = useAnswers((state) => state.storage);
  const unreadable = useAnswers((state) => state.unreadableRecords);
  const problem = explain(storage);
  return (
    <>
      {problem && (
        <div className="message message-error storage-notice" role="alert">
          <p><strong>{problem.title}</strong> {problem.body}</p>
          <button type="button" className="btn" onClick={() => void downloadAnswersMarkdown()}>
            Download my answers (.md)
          </button>
        </div>
      )}
      {unreadable > 0 && (
        <p className="message message-warn">
          {unreadable} saved answer{unreadable === 1 ? '' : 's'} could not be read (written by another version of
          bitlab?) and {unreadable === 1 ? 'was' : 'were'} left in storage untouched.
        </p>
      )}
    </>
  );
}
