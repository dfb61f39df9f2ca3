// A text cell of the lesson: our Markdown (with KaTeX math) rendered through the same
// sanitizing renderer as the students' answers, so there is one Markdown path in the app.
import { useMemo } from 'react';
import { renderMarkdown } from '../notebook/markdown.ts';
import type { LessonText } from './lesson-text.ts';

export function LessonTextCell({ text, children }: { text: LessonText; children?: React.ReactNode }) {
  const html = useMemo(() => renderMarkdown(text.markdown), [text.markdown]);
  return (
    <section className="cell cell-text lesson-text" data-cell={`lesson-${text.id}`} aria-label={text.kicker}>
      <div className="cell-kicker">{text.kicker}</div>
      <div className="markdown-body" dangerouslySetInnerHTML={{ __html: html }} />
      {children}
    </section>
  );
}
