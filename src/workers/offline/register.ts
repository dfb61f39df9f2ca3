// The page's side of the offline service worker: registers /sw.js (production builds only —
// main.tsx decides) and reports what a student needs to know: the lesson is being saved for
// offline use, it is saved, or a new version is ready and waits for a reload.
import type { OfflineMessage, PageMessage } from './precache.ts';

export type OfflineState =
  | { status: 'saving'; bytes: number; totalBytes: number }
  | { status: 'ready' }
  | { status: 'update-ready'; apply: () => void }
  | { status: 'failed'; message: string };

export const SERVICE_WORKER_URL = '/sw.js';

export async function registerOfflineWorker(report: (state: OfflineState) => void): Promise<void> {
  const container = navigator.serviceWorker;
  const hadController = !!container.controller;
  container.addEventListener('message', (event: MessageEvent<OfflineMessage>) => {
    const m = event.data;
    if (m.type === 'precache-progress' && !hadController) report({ status: 'saving', bytes: m.bytes, totalBytes: m.totalBytes });
    if (m.type === 'precache-done' && !hadController) report({ status: 'ready' });
  });
  let registration: ServiceWorkerRegistration;
  try {
    registration = await container.register(SERVICE_WORKER_URL, { scope: '/' });
  } catch (error) {
    report({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  const offerUpdate = (waiting: ServiceWorker) => report({
    status: 'update-ready',
    apply: () => {
      // Reload once the new build has taken over, so the page and its chunks match it.
      container.addEventListener('controllerchange', () => location.reload(), { once: true });
      waiting.postMessage({ type: 'skip-waiting' } satisfies PageMessage);
    },
  });
  const watch = (worker: ServiceWorker) => worker.addEventListener('statechange', () => {
    if (worker.state === 'installed' && hadController) offerUpdate(worker);
    if (worker.state === 'redundant' && !registration.active) report({ status: 'failed', message: 'the offline copy could not be saved; the lesson still works online' });
  });
  if (registration.waiting && hadController) offerUpdate(registration.waiting);
  else if (registration.installing) watch(registration.installing);
  else if (registration.active) report({ status: 'ready' });
  registration.addEventListener('updatefound', () => registration.installing && watch(registration.installing));
}
