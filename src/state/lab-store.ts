// Zustand store of the Bit-Format Lab. The store holds what the user chose (texts as typed);
// everything shown is derived from it by the pure format core. Every change is mirrored to
// the URL (replaceState, so the back button is not flooded).
import { create } from 'zustand';
import { labStateFromSearch, labStateToSearch, type LabUrlState } from './lab-url.ts';

export interface LabActions {
  setValueText(text: string): void;
  setAbsmaxText(text: string | null): void;
  setSaturate(on: boolean): void;
  setBlockSeed(seed: number): void;
  setBlockOutlier(on: boolean): void;
  setBlockEdit(index: number, text: string | null): void;
  resetBlock(): void;
}

export type LabStore = LabUrlState & LabActions;

function initialState(): LabUrlState {
  return labStateFromSearch(typeof location === 'undefined' ? '' : location.search);
}

export const useLabStore = create<LabStore>()((set) => ({
  ...initialState(),
  setValueText: (valueText) => set({ valueText }),
  setAbsmaxText: (absmaxText) => set({ absmaxText }),
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
}));

if (typeof window !== 'undefined') {
  useLabStore.subscribe((state) => {
    const search = labStateToSearch(state);
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  });
}
