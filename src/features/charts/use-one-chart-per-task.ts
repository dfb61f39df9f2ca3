// Hands new data to the comparison charts one chart per task.
//
// recharts 3 keeps each chart's state in its own store, filled from effects as the chart
// commits; every dispatch recomputes its selectors and re-renders the chart synchronously.
// React can slice a render, never a commit, so redrawing all six charts in one update was one
// main-thread task of 140–390 ms (measured: nf4 built, an evaluation landing). Drawn one at
// a time, each commit is one chart's work and the browser gets the thread back in between.
import { startTransition, useEffect, useState } from 'react';

/**
 * Returns `values` as drawn so far: at first `initial` (values that draw nothing costly, such
 * as no variants), then, in turn, the first slot that differs (by identity) takes its latest
 * value in a commit of its own, the next one a task later, until every slot shows the latest.
 */
export function useOneChartPerTask<T extends readonly unknown[]>(values: T, initial: T): T {
  const [shown, setShown] = useState<T>(initial);
  const next = values.findIndex((v, i) => !Object.is(v, shown[i]));
  const value = next < 0 ? undefined : values[next];
  useEffect(() => {
    if (next < 0) return;
    const timer = setTimeout(() => startTransition(() => setShown((old) => old.map((v, i) => (i === next ? value : v)) as unknown as T)), 0);
    return () => clearTimeout(timer);
  }, [next, value]);
  return shown;
}
