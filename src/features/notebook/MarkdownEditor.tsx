// A Markdown answer box with a live preview beside it. The preview is rendered through the
// sanitizing pipeline in markdown.ts; it is the only place answer text becomes HTML.
import { useDeferredValue, useMemo } from 'react';
import 'katex/dist/katex.min.css';
import { renderMarkdown } from './markdown.ts';
import './notebook.css';

export const ANSWER_PLACEHOLDER = 'Write your answer here';

export interface MarkdownEditorProps {
  /** id of the textarea, for the <label htmlFor> that names it. */
  readonly id: string;
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly describedBy?: string;
  readonly disabled?: boolean;
}

export function MarkdownEditor({ id, value, onChange, describedBy, disabled }: MarkdownEditorProps) {
  // Typing stays responsive on long answers: the preview may lag a frame behind.
  const deferred = useDeferredValue(value);
  const html = useMemo(() => renderMarkdown(deferred), [deferred]);
  const empty = value.trim() === '';
  return (
    <div className="md-editor">
      <div className="md-pane md-write">
        <div className="md-pane-label" aria-hidden="true">Your answer</div>
        <textarea
          id={id}
          className="md-input"
          value={value}
          placeholder={ANSWER_PLACEHOLDER}
          aria-describedby={describedBy}
          disabled={disabled}
          rows={6}
          spellCheck
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
      <div className="md-pane md-preview-pane">
        <div className="md-pane-label" aria-hidden="true">Preview</div>
        {empty ? (
          <p className="md-empty">
            <span className="screen-only">
              Your formatted answer appears here. Markdown works: **bold**, lists, and maths such as $x^2$.
            </span>
            <span className="print-only">(not answered)</span>
          </p>
        ) : (
          <div className="md-preview" data-testid="answer-preview" dangerouslySetInnerHTML={{ __html: html }} />
        )}
      </div>
    </div>
  );
}
