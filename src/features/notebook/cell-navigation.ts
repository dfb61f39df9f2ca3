// Alt+ArrowDown / Alt+ArrowUp move focus to the next / previous notebook cell, from anywhere
// in the page (including inside an answer box, where plain arrows move the caret). A
// reflection cell takes focus in its answer box, so the student can type at once; other
// cells take focus themselves.
import { useEffect } from 'react';

export const NEXT_CELL_KEY = 'ArrowDown';
export const PREVIOUS_CELL_KEY = 'ArrowUp';

function cells(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('main .cell'));
}

export function focusCell(cell: HTMLElement): void {
  const input = cell.querySelector<HTMLElement>('textarea:not([disabled])');
  if (input) {
    input.focus();
    return;
  }
  if (!cell.hasAttribute('tabindex')) cell.tabIndex = -1;
  cell.focus();
}

export function moveFocus(direction: 1 | -1): boolean {
  const all = cells();
  if (all.length === 0) return false;
  const current = document.activeElement?.closest<HTMLElement>('main .cell');
  const index = current ? all.indexOf(current) : -1;
  const target = index < 0 ? (direction === 1 ? all[0] : all[all.length - 1]) : all[index + direction];
  if (!target) return false;
  focusCell(target);
  return true;
}

export function useCellKeyboardNavigation(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const direction = event.key === NEXT_CELL_KEY ? 1 : event.key === PREVIOUS_CELL_KEY ? -1 : 0;
      if (direction !== 0 && moveFocus(direction)) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
