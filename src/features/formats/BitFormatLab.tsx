// The Bit-Format Lab: one number, shown exactly in every format the lesson uses. Everything
// on screen is derived from the store by the pure format core (src/core/formats).
import { useLabStore } from '../../state/lab-store.ts';
import { FieldLegend } from '../../ui/BitRow.tsx';
import { NoteList } from '../../ui/NoteList.tsx';
import { BlockDemo } from './BlockDemo.tsx';
import { FormatNumberLine } from './FormatNumberLine.tsx';
import { FormatRow } from './FormatRow.tsx';
import { LabControls } from './LabControls.tsx';
import { SHORTCUTS, useLabShortcuts } from './use-lab-shortcuts.ts';
import { useLabView } from './use-lab-view.ts';

export function BitFormatLab() {
  const view = useLabView();
  useLabShortcuts(view);
  const valueMessage = useLabStore((s) => s.valueMessage);
  const absmaxMessage = useLabStore((s) => s.absmaxMessage);
  const activeFormat = useLabStore((s) => s.activeFormat);
  const setActiveFormat = useLabStore((s) => s.setActiveFormat);
  const present = useLabStore((s) => s.present);
  const { absmax, value } = view;

  return (
    <section className="cell" aria-labelledby="lab-title" data-cell="bit-format-lab">
      <div className="cell-kicker">Explore</div>
      <h2 id="lab-title">The Bit-Format Lab</h2>
      {present ? (
        <ul className="shortcuts" aria-label="Keyboard shortcuts">
          {SHORTCUTS.map((s) => (
            <li key={s.keys}><kbd>{s.keys}</kbd> {s.action}</li>
          ))}
        </ul>
      ) : (
        <p>
          Type a number and see exactly how each format stores it. Click any bit to flip it, or use
          ◀ ▶ (or the arrow keys on a focused row) to walk to the neighbouring representable values.
          INT8, INT4, FP4 and NF4 store a code that only means something together with a
          scale: here the block&apos;s absmax, its largest magnitude. Press <kbd>P</kbd> to present.
        </p>
      )}
      <LabControls absmax={absmax} />
      <NoteList
        notes={[valueMessage, absmaxMessage]
          .filter((m): m is string => m !== null)
          .map((message) => ({ severity: 'error' as const, message }))}
      />
      <FieldLegend />
      <div className="format-table">
        {view.descriptions.map((d) => (
          <FormatRow
            key={d.format}
            description={d}
            active={d.format === activeFormat}
            onActivate={setActiveFormat}
            onFlipBit={view.flipBit}
            onStep={view.step}
          />
        ))}
      </div>
      <h3>Where can a 4-bit value land?</h3>
      <p>
        Every value INT4, FP4 and NF4 can represent for absmax {absmax}. NF4 crowds its 16 values
        near zero, where most weights of a trained network are; INT4 spaces them evenly.
      </p>
      <FormatNumberLine absmax={absmax} value={value} />
      <BlockDemo />
    </section>
  );
}
