// The Bit-Format Lab's whole screen state as URL search parameters, so a link reproduces
// the screen in another browser. Parsing is forgiving: an unreadable parameter falls back
// to its default rather than breaking the page.

export interface LabUrlState {
  /** Text of the Value field, exactly as typed (so "1/3" stays "1/3"). */
  valueText: string;
  /** null = automatic absmax (|value|); otherwise the block absmax typed by the user. */
  absmaxText: string | null;
  saturate: boolean;
  blockSeed: number;
  blockOutlier: boolean;
  /** Hand-edited block entries, index → text. */
  blockEdits: Record<number, string>;
  /** The format that keyboard shortcuts act on (highlighted row). */
  activeFormat: string;
  /** Instructor mode: large type, the lab full screen. */
  present: boolean;
}

export const DEFAULT_LAB_STATE: LabUrlState = {
  valueText: '5.25',
  absmaxText: null,
  saturate: false,
  blockSeed: 1,
  blockOutlier: false,
  blockEdits: {},
  activeFormat: 'fp16',
  present: false,
};

export function labStateToSearch(state: LabUrlState): string {
  const params = new URLSearchParams();
  params.set('v', state.valueText);
  if (state.absmaxText !== null) params.set('absmax', state.absmaxText);
  if (state.saturate) params.set('sat', '1');
  if (state.blockSeed !== DEFAULT_LAB_STATE.blockSeed) params.set('seed', String(state.blockSeed));
  if (state.blockOutlier) params.set('outlier', '1');
  const edits = Object.entries(state.blockEdits)
    .map(([i, v]) => `${i}:${v}`)
    .join(',');
  if (edits) params.set('edits', edits);
  if (state.activeFormat !== DEFAULT_LAB_STATE.activeFormat) params.set('fmt', state.activeFormat);
  if (state.present) params.set('present', '1');
  return `?${params.toString()}`;
}

export function labStateFromSearch(search: string): LabUrlState {
  const params = new URLSearchParams(search);
  const seed = Number.parseInt(params.get('seed') ?? '', 10);
  const edits: Record<number, string> = {};
  for (const pair of (params.get('edits') ?? '').split(',')) {
    const at = pair.indexOf(':');
    const index = Number.parseInt(pair.slice(0, at), 10);
    if (at > 0 && Number.isInteger(index) && index >= 0 && index < 64) edits[index] = pair.slice(at + 1);
  }
  return {
    valueText: params.get('v') ?? DEFAULT_LAB_STATE.valueText,
    absmaxText: params.get('absmax'),
    saturate: params.get('sat') === '1',
    blockSeed: Number.isInteger(seed) && seed > 0 ? seed : DEFAULT_LAB_STATE.blockSeed,
    blockOutlier: params.get('outlier') === '1',
    blockEdits: edits,
    activeFormat: params.get('fmt') ?? DEFAULT_LAB_STATE.activeFormat,
    present: params.get('present') === '1',
  };
}
