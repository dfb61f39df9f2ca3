// Shown when another tab saved a newer version of an answer that also has edits here. The
// text on screen stays untouched and unsaved until the student picks one of the two.
import type { SavedAnswer } from '../../core/notebook/answer-record.ts';

export interface ConflictNoticeProps {
  readonly theirs: SavedAnswer;
  readonly onKeepMine: () => void;
  readonly onLoadNewer: () => void;
}

function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'recently' : `at ${date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

export function ConflictNotice({ theirs, onKeepMine, onLoadNewer }: ConflictNoticeProps) {
  return (
    <div className="message message-warn conflict-notice" role="alert">
      <p>
        <strong>This answer was changed in another tab</strong> (saved {timeOf(theirs.savedAt)}). Your text
        here is kept but not saved until you choose which version to keep.
      </p>
      <details>
        <summary>Show the newer text</summary>
        <pre className="conflict-theirs">{theirs.text === '' ? '(empty)' : theirs.text}</pre>
      </details>
      <div className="conflict-actions">
        <button type="button" className="btn" onClick={onKeepMine}>Keep mine</button>
        <button type="button" className="btn" onClick={onLoadNewer}>Load the newer text</button>
      </div>
    </div>
  );
}
