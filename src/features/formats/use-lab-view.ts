// What the Lab shows, derived from the store by the pure format core, plus the two edits a
// student makes with the bits: flip one, or step to a neighbouring representable value.
import { useMemo } from 'react';
import { FORMAT_IDS, describeBits, describeValue, stepValue, type FormatId, type ValueDescription } from '../../core/formats/index.ts';
import { useLabStore } from '../../state/lab-store.ts';
import { numberToInputText } from './number-text.ts';

/** Without an explicit absmax, a value is quantized as if it were its block's largest element. */
export function effectiveAbsmax(value: number, explicit: number | null): number {
  if (explicit !== null) return explicit;
  const magnitude = Math.abs(value);
  return Number.isFinite(magnitude) && magnitude > 0 ? magnitude : 1;
}

export interface LabView {
  value: number;
  absmax: number;
  descriptions: ValueDescription[];
  flipBit(format: FormatId, bit: number): void;
  step(format: FormatId, direction: 1 | -1): void;
}

export function useLabView(): LabView {
  const value = useLabStore((s) => s.value);
  const explicitAbsmax = useLabStore((s) => s.absmax);
  const saturate = useLabStore((s) => s.saturate);
  const setValue = useLabStore((s) => s.setValue);
  const setAbsmaxText = useLabStore((s) => s.setAbsmaxText);
  const absmax = effectiveAbsmax(value, explicitAbsmax);

  const descriptions = useMemo(
    () => FORMAT_IDS.map((format) => describeValue(value, format, { absmax, saturate })),
    [value, absmax, saturate],
  );

  // An edit in an absmax format must not move the absmax with it (automatic mode would
  // re-derive it from the new value and snap the code back to ±max), so pin it first.
  const pinAbsmax = (format: FormatId) => {
    const usesAbsmax = descriptions.find((d) => d.format === format)?.absmax !== null;
    if (usesAbsmax && explicitAbsmax === null) setAbsmaxText(numberToInputText(absmax));
  };

  const flipBit = (format: FormatId, bit: number) => {
    const current = descriptions.find((d) => d.format === format);
    if (!current || bit < 0 || bit >= current.bits.length) return;
    pinAbsmax(format);
    const flipped = (current.pattern ^ 2 ** bit) >>> 0;
    const next = describeBits(flipped, format, { absmax });
    setValue(next.decoded, numberToInputText(next.decoded));
  };

  const step = (format: FormatId, direction: 1 | -1) => {
    pinAbsmax(format);
    const next = stepValue(value, format, direction, { absmax, saturate });
    if (!Object.is(next.decoded, value) && !Number.isNaN(next.decoded)) setValue(next.decoded, numberToInputText(next.decoded));
  };

  return { value, absmax, descriptions, flipBit, step };
}
