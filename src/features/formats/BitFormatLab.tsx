// The Bit-Format Lab: one number, shown exactly in every format the lesson uses. Everything
// on screen is derived from the store by the pure format core (src/core/formats).
import { useMemo } from 'react';
import {
  FORMAT_IDS,
  describeBits,
  describeValue,
  stepValue,
  type FormatId,
} from '../../core/formats/index.ts';
import { useLabStore } from '../../state/lab-store.ts';
import { FieldLegend } from '../../ui/BitRow.tsx';
import { NoteList } from '../../ui/NoteList.tsx';
import { BlockDemo } from './BlockDemo.tsx';
import { FormatNumberLine } from './FormatNumberLine.tsx';
import { FormatRow } from './FormatRow.tsx';
import { LabControls } from './LabControls.tsx';
import { numberToInputText } from './number-text.ts';

/** Without an explicit absmax, a value is quantized as if it were its block's largest element. */
export function effectiveAbsmax(value: number, explicit: number | null): number {
  if (explicit !== null) return explicit;
  const magnitude = Math.abs(value);
  return Number.isFinite(magnitude) && magnitude > 0 ? magnitude : 1;
}

export function BitFormatLab() {
  const value = useLabStore((s) => s.value);
  const explicitAbsmax = useLabStore((s) => s.absmax);
  const saturate = useLabStore((s) => s.saturate);
  const valueMessage = useLabStore((s) => s.valueMessage);
  const absmaxMessage = useLabStore((s) => s.absmaxMessage);
  const setValue = useLabStore((s) => s.setValue);
  const setAbsmaxText = useLabStore((s) => s.setAbsmaxText);
  const absmax = effectiveAbsmax(value, explicitAbsmax);

  const descriptions = useMemo(
    () => FORMAT_IDS.map((format) => describeValue(value, format, { absmax, saturate })),
    [value, absmax, saturate],
  );

  // A flip in an absmax format must not move the absmax with it (auto mode would re-derive
  // it from the new value and snap the code back to ±max), so pin the absmax first.
  const pinAbsmax = (format: FormatId) => {
    const needs = descriptions.find((d) => d.format === format)?.absmax !== null;
    if (needs && explicitAbsmax === null) setAbsmaxText(numberToInputText(absmax));
  };

  const onFlipBit = (format: FormatId, bit: number) => {
    const current = descriptions.find((d) => d.format === format);
    if (!current) return;
    pinAbsmax(format);
    const flipped = (current.pattern ^ 2 ** bit) >>> 0;
    const next = describeBits(flipped, format, { absmax });
    setValue(next.decoded, numberToInputText(next.decoded));
  };

  const onStep = (format: FormatId, direction: 1 | -1) => {
    pinAbsmax(format);
    const next = stepValue(value, format, direction, { absmax, saturate });
    if (next.decoded !== value && !Number.isNaN(next.decoded)) setValue(next.decoded, numberToInputText(next.decoded));
  };

  return (
    <section className="cell" aria-labelledby="lab-title" data-cell="bit-format-lab">
      <div className="cell-kicker">Cell 2 · explore</div>
      <h2 id="lab-title">The Bit-Format Lab</h2>
      <p>
        Type a number and see exactly how each format stores it. Click any bit to flip it, or use
        ◀ ▶ (or the arrow keys on a focused row) to walk to the neighbouring representable values.
        INT8, INT4, FP4 and NF4 store a code that only means something together with a
        scale: here the block&apos;s absmax, its largest magnitude.
      </p>
      <LabControls absmax={absmax} />
      <NoteList
        notes={[valueMessage, absmaxMessage]
          .filter((m): m is string => m !== null)
          .map((message) => ({ severity: 'error' as const, message }))}
      />
      <FieldLegend />
      <div className="format-table">
        {descriptions.map((d) => (
          <FormatRow key={d.format} description={d} onFlipBit={onFlipBit} onStep={onStep} />
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
