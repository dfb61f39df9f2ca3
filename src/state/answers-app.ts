// The page's one answers controller, created on first use and wired to page life:
// leaving the page writes unsaved text at once; coming back re-reads what other tabs saved.
import { useStore } from 'zustand';
import type { AnswersState } from './answers-reducer.ts';
import { createBrowserPersistence } from './answers-persistence.ts';
import { createAnswersController, type AnswersController } from './answers-store.ts';

let controller: AnswersController | null = null;

function newWriterId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function answersController(): AnswersController {
  if (controller) return controller;
  const writerId = newWriterId();
  const created = createAnswersController({ persistence: createBrowserPersistence(writerId), writerId });
  controller = created;
  window.addEventListener('pagehide', () => created.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') created.flush();
    else void created.refresh();
  });
  // Restored from the back/forward cache: saves announced while frozen were missed.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) void created.refresh();
  });
  void created.start();
  return created;
}

export function useAnswers<T>(selector: (state: AnswersState) => T): T {
  return useStore(answersController().store, selector);
}
