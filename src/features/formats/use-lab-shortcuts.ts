// Keyboard shortcuts for presenting the Lab. They act on the active format (the highlighted
// row) and are ignored while the focus is in a text field, so typing a value never flips bits.
import { useEffect } from 'react';
import { FORMAT_IDS, isFormatId, type FormatId } from '../../core/formats/index.ts';
import { useLabStore } from '../../state/lab-store.ts';
import type { LabView } from './use-lab-view.ts';

export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: '← / →', action: 'previous / next representable value' },
  { keys: '↑ / ↓', action: 'previous / next format' },
  { keys: 'S', action: 'flip the sign bit' },
  { keys: '0–9', action: 'flip bit 0–9' },
  { keys: 'J / K', action: 'next / previous cell' },
  { keys: 'P', action: 'enter / leave present mode' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'range'].includes(target.type);
}

export function focusNeighbourCell(direction: 1 | -1): void {
  const cells = Array.from(document.querySelectorAll<HTMLElement>('.cell'));
  const current = cells.findIndex((c) => c.contains(document.activeElement));
  const next = cells[Math.max(0, Math.min(cells.length - 1, current + direction))];
  if (!next) return;
  if (!next.hasAttribute('tabindex')) next.setAttribute('tabindex', '-1');
  next.focus();
  next.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

export function useLabShortcuts(view: LabView): void {
  const activeFormat = useLabStore((s) => s.activeFormat);
  const setActiveFormat = useLabStore((s) => s.setActiveFormat);
  const present = useLabStore((s) => s.present);
  const setPresent = useLabStore((s) => s.setPresent);

  useEffect(() => {
    const active: FormatId = isFormatId(activeFormat) ? activeFormat : 'fp16';
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      // Outside present mode only P works globally; a focused row handles its own arrows.
      if (!present && event.key !== 'p' && event.key !== 'P') return;
      const index = FORMAT_IDS.indexOf(active);
      const description = view.descriptions.find((d) => d.format === active);
      const key = event.key;
      if (key === 'ArrowRight') view.step(active, 1);
      else if (key === 'ArrowLeft') view.step(active, -1);
      else if (key === 'ArrowDown') setActiveFormat(FORMAT_IDS[Math.min(FORMAT_IDS.length - 1, index + 1)]!);
      else if (key === 'ArrowUp') setActiveFormat(FORMAT_IDS[Math.max(0, index - 1)]!);
      else if ((key === 's' || key === 'S') && description) {
        const sign = description.fields.find((f) => f.name === 'sign') ?? description.fields[0];
        if (sign) view.flipBit(active, sign.msb);
      } else if (/^[0-9]$/.test(key)) view.flipBit(active, Number(key));
      else if (key === 'j' || key === 'J') focusNeighbourCell(1);
      else if (key === 'k' || key === 'K') focusNeighbourCell(-1);
      else if (key === 'p' || key === 'P') setPresent(!present);
      else if (key === 'Escape' && present) setPresent(false);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [activeFormat, present, setActiveFormat, setPresent, view]);
}
