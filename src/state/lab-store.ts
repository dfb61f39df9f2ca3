// Zustand store of the Bit-Format Lab. It keeps the texts as typed (they go into the URL)
// and the last good numbers parsed from them: a bad entry shows a message while the screen
// keeps showing the last good state. Every change is mirrored to the URL (replaceState, so
// the back button is not flooded).
import { create } from 'zustand';
import { parseValueInput } from '../core/formats/index.ts';
import { labStateFromSearch, labStateToSearch, type LabUrlState } from './lab-url.ts';

export interface LabDerived {
  /** Last value that parsed. */
  value: number;
  /** Why the Value text is not used, or null. */
  valueMessage: string | null;
  /** Last good explicit absmax; null = automatic (|value|). */
  absmax: number | null;
  absmaxMessage: string | null;
}

export interface LabActions {
  setValueText(text: string): void;
  /** Sets a number directly (bit flips, steppers, presets). */
  setValue(value: number, text: string): void;
  setAbsmaxText(text: string | null): void;
  setSaturate(on: boolean): void;
  setBlockSeed(seed: number): void;
  setBlockOutlier(on: boolean): void;
  setBlockEdit(index: number, text: string | null): void;
  resetBlock(): void;
  setActiveFormat(format: string): void;
  setPresent(on: boolean): void;
}

export type LabStore = LabUrlState & LabDerived & LabActions;

const FALLBACK_VALUE = 5.25;

function parseValue(text: string): { value: number | null; message: string | null } {
  const parsed = parseValueInput(text);
  return parsed.ok ? { value: parsed.value, message: null } : { value: null, message: parsed.message };
}

function parseAbsmax(text: string | null): { absmax: number | null; message: string | null } {
  if (text === null) return { absmax: null, message: null };
  const parsed = parseValueInput(text);
  if (!parsed.ok) return { absmax: null, message: `Absmax: ${parsed.message}` };
  if (!(parsed.value > 0) || !Number.isFinite(parsed.value)) {
    return {
      absmax: null,
      message: `Absmax must be a positive, finite number (the largest magnitude in the block); got ${text}. The last good absmax is still used.`,
    };
  }
  return { absmax: parsed.value, message: null };
}

function initialState(): LabUrlState & LabDerived {
  const url = labStateFromSearch(typeof location === 'undefined' ? '' : location.search);
  const v = parseValue(url.valueText);
  const a = parseAbsmax(url.absmaxText);
  return { ...url, value: v.value ?? FALLBACK_VALUE, valueMessage: v.message, absmax: a.absmax, absmaxMessage: a.message };
}

export const useLabStore = create<LabStore>()((set) => ({
  ...initialState(),
  setValueText: (valueText) =>
    set((s) => {
      const parsed = parseValue(valueText);
      return { valueText, value: parsed.value ?? s.value, valueMessage: parsed.message };
    }),
  setValue: (value, valueText) => set({ value, valueText, valueMessage: null }),
  setAbsmaxText: (absmaxText) =>
    set((s) => {
      const parsed = parseAbsmax(absmaxText);
      if (absmaxText === null) return { absmaxText, absmax: null, absmaxMessage: null };
      return { absmaxText, absmax: parsed.absmax ?? s.absmax, absmaxMessage: parsed.message };
    }),
  setSaturate: (saturate) => set({ saturate }),
  setBlockSeed: (blockSeed) => set({ blockSeed, blockEdits: {} }),
  setBlockOutlier: (blockOutlier) => set({ blockOutlier }),
  setBlockEdit: (index, text) =>
    set((s) => {
      const blockEdits = { ...s.blockEdits };
      if (text === null) delete blockEdits[index];
      else blockEdits[index] = text;
      return { blockEdits };
    }),
  resetBlock: () => set({ blockEdits: {}, blockOutlier: false }),
  setActiveFormat: (activeFormat) => set({ activeFormat }),
  setPresent: (present) => set({ present }),
}));

if (typeof window !== 'undefined') {
  useLabStore.subscribe((state) => {
    const search = labStateToSearch(state);
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  });
}
