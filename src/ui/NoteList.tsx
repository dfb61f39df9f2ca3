// Inline messages (warnings, errors, explanations) under a control or a result.
export interface InlineNote {
  severity: 'info' | 'warning' | 'error';
  message: string;
}

const CLASS: Record<InlineNote['severity'], string> = {
  info: 'message message-info',
  warning: 'message message-warn',
  error: 'message message-error',
};

export function NoteList({ notes }: { notes: readonly InlineNote[] }) {
  if (notes.length === 0) return null;
  return (
    <div role="status">
      {notes.map((note, i) => (
        <div key={i} className={CLASS[note.severity]}>{note.message}</div>
      ))}
    </div>
  );
}
