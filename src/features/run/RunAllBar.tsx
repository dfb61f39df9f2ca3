// "Run all" at the top of the notebook: load → every compress cell → evaluations, in dependency
// order, skipping results that are current; one progress bar over the steps; Cancel stops the
// running step and the rest. Alt+Shift+R runs all from anywhere (announced with aria-keyshortcuts);
// Escape is left to present mode, Cancel is a button in the tab order.
import { useEffect } from 'react';
import { cancelRun, runCells } from '../../state/notebook-runner.ts';
import { cellLabel, useNotebookStore } from '../../state/notebook-store.ts';
import './run.css';

export function RunAllBar() {
  const run = useNotebookStore((s) => s.run);
  const hydrate = useNotebookStore((s) => s.hydrate);
  const active = !!run?.active;
  useEffect(() => void hydrate(), [hydrate]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && e.code === 'KeyR') { e.preventDefault(); void runCells('all'); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const step = run && run.index < run.plan.length ? run.plan[run.index] : undefined;
  return (
    <section className="cell run-all-bar" aria-label="Run all cells" data-testid="run-all-bar">
      <button className="btn btn-primary" onClick={() => void runCells('all')} disabled={active} aria-keyshortcuts="Alt+Shift+R"
        title="Load the model, build every variant and evaluate them, in order (Alt+Shift+R)">Run all</button>
      {active && <button className="btn" onClick={cancelRun}>Cancel</button>}
      {run && (
        <>
          <progress value={run.index} max={Math.max(1, run.plan.length)} aria-label="Run-all progress" />
          <span className="run-all-text" aria-live="polite" data-testid="run-all-status">
            {active && step ? `Step ${run.index + 1} of ${run.plan.length}: ${cellLabel(step)}${run.note ? ` (${run.note})` : ''}`
              : run.plan.length === 0 ? 'Everything is up to date: nothing to run.'
              : `${run.cancelled ? 'Cancelled' : 'Finished'} after ${(run.elapsedMs! / 1000).toFixed(1)} s (${run.plan.length} ${run.plan.length === 1 ? 'step' : 'steps'}).`}
          </span>
        </>
      )}
    </section>
  );
}
