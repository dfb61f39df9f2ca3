// A chart's series drawn one commit after its frame and axes.
//
// recharts registers every axis, series, error bar and tooltip with the chart's store from
// effects as they mount, and each registration redraws the chart synchronously; a commit can't
// be sliced. Mounting a whole chart at once was 50–100 ms of main-thread work on a 2-core
// machine (a chart's first data: perplexities landing, the weight histogram arriving). Split
// in two commits a task apart, each half stays well under the 100 ms after which the page
// feels frozen.
import { startTransition, useEffect, useState } from 'react';

/**
 * False until `when` is true (a chart that draws nothing yet), then false in that first commit
 * and true from a task later (at transition priority).
 */
export function useATaskLater(when = true): boolean {
  const [later, setLater] = useState(false);
  useEffect(() => {
    if (!when || later) return;
    const timer = setTimeout(() => startTransition(() => setLater(true)), 0);
    return () => clearTimeout(timer);
  }, [when, later]);
  return when && later;
}
