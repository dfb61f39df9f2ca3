import { StrictMode, startTransition, useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { OfflineStatus } from './features/offline/OfflineStatus.tsx';
import { startOfflineSupport } from './state/offline-store.ts';
import './ui/theme.css';

/** Performance mark set when the notebook's first render is in the DOM (e2e/perf.spec.ts reads it). */
export const FIRST_RENDER_MARK = 'bitlab:first-render';

function FirstRenderMark() {
  useLayoutEffect(() => {
    if (performance.getEntriesByName(FIRST_RENDER_MARK).length === 0) performance.mark(FIRST_RENDER_MARK);
  }, []);
  return null;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// A transition: React renders the notebook's first screen in slices that yield to the
// browser instead of one long task (measured in e2e/perf.spec.ts).
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
      <OfflineStatus />
      <FirstRenderMark />
    </StrictMode>,
  );
});
// Only production builds save the lesson for offline use: a service worker in `vite` dev
// would serve stale modules, and the Vitest browser runs never load this file.
if (import.meta.env.PROD) startOfflineSupport();
