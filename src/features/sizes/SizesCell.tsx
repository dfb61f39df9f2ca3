// "Compare sizes": what each recipe does to a BERT's size, computed from config.json alone —
// Python's convention beside the true bytes, and what pruning does (or does not) save.
import { Suspense, lazy, useMemo } from 'react';
import { LessonTextCell } from '../lesson/LessonTextCell.tsx';
import { LESSON_SIZES } from '../lesson/lesson-text.ts';
import { BERT_BASE_CASED_CONFIG, mb, sizeRows } from './size-rows.ts';

const SizesChart = lazy(() => import('./SizesChart.tsx'));

export function SizesCell() {
  const rows = useMemo(() => sizeRows(BERT_BASE_CASED_CONFIG), []);
  return (
    <LessonTextCell text={LESSON_SIZES}>
      <h3>bert-base-cased, from its config.json</h3>
      <table className="data" aria-label="Model size per recipe">
        <thead>
          <tr><th>variant</th><th>parameters</th><th>get_memory_footprint()</th><th>true bytes</th><th>note</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.recipe} data-recipe={r.recipe}>
              <td>{r.label}</td>
              <td className="mono">{r.parameters.toLocaleString('en-US')}</td>
              <td className="mono">{mb(r.transformersBytes)}</td>
              <td className="mono">{mb(r.trueBytes)}</td>
              <td style={{ textAlign: 'left', fontSize: '0.8rem' }}>{r.sparseNote ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Suspense fallback={<p>Loading chart…</p>}>
        <SizesChart rows={rows} />
      </Suspense>
    </LessonTextCell>
  );
}
