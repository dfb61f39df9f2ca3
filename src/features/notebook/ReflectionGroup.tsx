// The reflection questions of one part of the lesson, after its results. Registers itself as
// an export source so the answers land at this point of an exported notebook.
import { useEffect, useRef } from 'react';
import { questionsOfPart, type ReflectionPart } from '../../core/notebook/questions.ts';
import { cellOf } from '../../state/answers-reducer.ts';
import { answersController } from '../../state/answers-app.ts';
import { registerExportSource } from '../../state/export-registry.ts';
import { ReflectionCell } from './ReflectionCell.tsx';
import { StorageNotice } from './StorageNotice.tsx';

const TITLES: Record<ReflectionPart, string> = {
  quantization: 'Reflect on quantization',
  pruning: 'Reflect on pruning',
};

const INTROS: Record<ReflectionPart, string> = {
  quantization: 'Use what you measured above. There are no trick questions: explain in your own words, as you would to a classmate.',
  pruning: 'Now compare the two techniques, again from your own measurements.',
};

export function ReflectionGroup({ part }: { readonly part: ReflectionPart }) {
  const ref = useRef<HTMLElement>(null);
  const questions = questionsOfPart(part);

  useEffect(
    () =>
      registerExportSource({
        id: `reflect-${part}`,
        anchor: () => ref.current,
        collect: () => {
          const state = answersController().store.getState();
          return [
            { kind: 'markdown', key: 'title', markdown: `## ${TITLES[part]}` },
            ...questionsOfPart(part).map((q) => ({ kind: 'answer' as const, questionId: q.id, text: cellOf(state, q.id).text })),
          ];
        },
      }),
    [part],
  );

  return (
    <section ref={ref} className="reflection-group" aria-labelledby={`reflect-${part}-title`} data-cell={`reflect-${part}`}>
      <header className="reflection-head">
        <div className="cell-kicker">Your turn</div>
        <h2 id={`reflect-${part}-title`}>{TITLES[part]}</h2>
        <p>
          {INTROS[part]} Answers are saved in this browser as you type. Markdown and maths
          ($…$) work; <kbd>Alt</kbd>+<kbd>↓</kbd> and <kbd>Alt</kbd>+<kbd>↑</kbd> move between cells.
        </p>
      </header>
      <StorageNotice />
      {questions.map((question) => (
        <ReflectionCell key={question.id} question={question} />
      ))}
    </section>
  );
}
