import { useLabStore } from '../../state/lab-store.ts';

/** Instructor mode: the Lab alone, in large type, with keyboard shortcuts (P toggles). */
export function PresentToggle() {
  const present = useLabStore((s) => s.present);
  const setPresent = useLabStore((s) => s.setPresent);
  return (
    <button type="button" className="btn header-btn" aria-pressed={present} onClick={() => setPresent(!present)}>
      {present ? 'Leave present mode' : 'Present'}
    </button>
  );
}
