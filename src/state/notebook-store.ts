// The notebook's run cells as the UI sees them: the run graph (src/core/notebook/run-graph.ts)
// of load → compress cells → evaluations, every cell's settings, the compress results' numbers,
// and the progress of a "Run all". Cells register themselves when they mount (the lesson and
// the test pages have different compress cells); settings and results are saved to IndexedDB
// (notebook-persistence.ts) once the stored ones were read. Running is notebook-runner.ts.
import { create } from 'zustand';
import { DEFAULT_SEED } from '../core/eval/masking.ts';
import type { EvalProtocol } from '../core/eval/results.ts';
import {
  createRunGraph, isCurrent, isStale, reduceRunGraph, settingsKey,
  type CellId, type CellResultRef, type CellRunState, type RunCellSpec, type RunGraphEvent, type RunGraphState, type Settings,
} from '../core/notebook/run-graph.ts';
import type { ExecutionProvider } from '../workers/compress-protocol.ts';
import {
  indexedDbNotebookPersistence, memoryNotebookPersistence, NOTEBOOK_DOC_VERSION,
  type NotebookDoc, type NotebookPersistence, type StoredCompressResult,
} from './notebook-persistence.ts';

export const LOAD_CELL = 'load' as CellId;
export const EVAL_BASELINE_CELL = 'eval:fp32' as CellId;
/** Settings keys of the doc that are not run cells of their own. */
export const LOAD_SOURCE_KEY = 'load-source';
export const EVALUATE_KEY = 'evaluate';

export const compressCellId = (initialRecipe: string) => `compress:${initialRecipe}` as CellId;
export const evalCellId = (compressCell: CellId) => `eval:${compressCell}` as CellId;
export const isCompressCell = (id: string) => id.startsWith('compress:');

/** 'wikitext': the classic lesson's first 10 % of the test split; 'wikitext-all': all of it. */
export type EvalData = 'embedded' | 'file' | 'wikitext' | 'wikitext-all';
export type EvalSettings = {
  data: EvalData;
  /**
   * Where wikitext-2 is fetched from (a hub mirror); unset or empty: the app's default host.
   * Optional so that results saved before it existed keep their settings key (not stale).
   */
  hubHost?: string;
  /** Name of the chosen .txt file (the file itself is not kept across reloads). */
  fileName: string;
  maxLines: number;
  seed: number;
  batchSize: number;
  ep: ExecutionProvider;
  protocol: EvalProtocol;
};
export const DEFAULT_EVAL_SETTINGS: EvalSettings = { data: 'embedded', fileName: '', maxLines: 200, seed: DEFAULT_SEED, batchSize: 8, ep: 'webgpu', protocol: 'masked-lm' };

export type LoadSourceKind = 'embedded' | 'hub' | 'files';
export type LoadSourceSettings = { kind: LoadSourceKind; hubId: string; host: string };

export interface RunProgress {
  plan: CellId[];
  /** Index in plan of the step running now (plan.length when finished). */
  index: number;
  active: boolean;
  cancelled: boolean;
  startedAt: number;
  /** Measured wall time of the whole run, once it ended. */
  elapsedMs?: number;
  /** Extra work a step needed first (the model or a variant's bytes again after a reload). */
  note?: string;
}

export interface NotebookStoreState {
  hydrated: boolean;
  graph: RunGraphState;
  /** Registered compress cells in page order. */
  compressCells: CellId[];
  settings: Record<string, Settings>;
  compressResults: Record<string, StoredCompressResult>;
  run: RunProgress | null;

  registerCompressCell(id: CellId, initialRecipe: string): void;
  setCompressRecipe(id: CellId, recipe: string): void;
  setEvalSettings(patch: Partial<EvalSettings>): void;
  setLoadSource(patch: Partial<LoadSourceSettings>): void;
  dispatch(event: RunGraphEvent): void;
  keepCompressResult(record: StoredCompressResult): void;
  setRun(run: RunProgress | null): void;
  hydrate(): Promise<void>;
}

let persistence: NotebookPersistence | undefined;
/** Tests inject a persistence (memory, or another database). */
export function configureNotebookStore(options: { persistence?: NotebookPersistence }): void {
  if (options.persistence) persistence = options.persistence;
}
const store = () => (persistence ??= typeof indexedDB === 'undefined' ? memoryNotebookPersistence() : indexedDbNotebookPersistence());

/** Results read from storage for cells that have not registered (yet). */
let restoredResults: Record<string, CellResultRef> = {};
let hydrating: Promise<void> | undefined;

export function evalSettingsOf(settings: Record<string, Settings>): EvalSettings {
  return { ...DEFAULT_EVAL_SETTINGS, ...(settings[EVALUATE_KEY] as Partial<EvalSettings> | undefined) };
}
export function loadSourceOf(settings: Record<string, Settings>): LoadSourceSettings {
  return { kind: 'embedded', hubId: '', host: '', ...(settings[LOAD_SOURCE_KEY] as Partial<LoadSourceSettings> | undefined) };
}
/** The recipe a compress cell builds with its present settings. */
export function recipeOf(state: Pick<NotebookStoreState, 'settings'>, id: CellId): string {
  return String(state.settings[id]?.recipe ?? id.slice('compress:'.length));
}

/** What a cell's graph settings are: load has none (the model is its result), evaluations share one set. */
function graphSettings(id: CellId, settings: Record<string, Settings>): Settings {
  if (id === LOAD_CELL) return {};
  if (isCompressCell(id)) return { recipe: String(settings[id]?.recipe ?? id.slice('compress:'.length)) };
  return evalSettingsOf(settings);
}

function specsFor(compressCells: readonly CellId[]): RunCellSpec[] {
  return [
    { id: LOAD_CELL, dependsOn: [] },
    ...compressCells.map((id) => ({ id, dependsOn: [LOAD_CELL] })),
    { id: EVAL_BASELINE_CELL, dependsOn: [LOAD_CELL] },
    ...compressCells.map((id) => ({ id: evalCellId(id), dependsOn: [id] })),
  ];
}

/** A graph over the given cells, keeping what the old one knew and the restored results. */
function rebuild(old: RunGraphState | undefined, compressCells: readonly CellId[], settings: Record<string, Settings>): RunGraphState {
  const fresh = createRunGraph(specsFor(compressCells));
  const cells: Record<string, CellRunState> = {};
  for (const spec of fresh.specs) {
    const before = old?.cells[spec.id];
    cells[spec.id] = before ?? { settings: graphSettings(spec.id, settings), status: 'never-run', result: restoredResults[spec.id] ?? null, error: null };
  }
  return { specs: fresh.specs, cells };
}

function docOf(state: NotebookStoreState): NotebookDoc {
  const results: Record<string, CellResultRef> = { ...restoredResults };
  for (const [id, cell] of Object.entries(state.graph.cells)) if (cell.result) results[id] = cell.result;
  return { version: NOTEBOOK_DOC_VERSION, settings: state.settings, results };
}

export const useNotebookStore = create<NotebookStoreState>()((set, get) => {
  const withSettings = (id: string, value: Settings) => {
    const settings = { ...get().settings, [id]: value };
    let graph = get().graph;
    for (const cell of graph.specs.map((s) => s.id)) {
      const next = graphSettings(cell, settings);
      if (settingsKey(next) !== settingsKey(graph.cells[cell]!.settings)) graph = reduceRunGraph(graph, { type: 'settings-changed', cell, settings: next });
    }
    set({ settings, graph });
  };

  return {
    hydrated: false,
    graph: rebuild(undefined, [], {}),
    compressCells: [],
    settings: {},
    compressResults: {},
    run: null,

    registerCompressCell(id, initialRecipe) {
      const s = get();
      if (s.compressCells.includes(id)) return;
      const settings = s.settings[id] ? s.settings : { ...s.settings, [id]: { recipe: initialRecipe } };
      const compressCells = [...s.compressCells, id];
      set({ compressCells, settings, graph: rebuild(s.graph, compressCells, settings) });
    },

    setCompressRecipe(id, recipe) {
      withSettings(id, { recipe });
    },

    setEvalSettings(patch) {
      withSettings(EVALUATE_KEY, { ...evalSettingsOf(get().settings), ...patch });
    },

    setLoadSource(patch) {
      withSettings(LOAD_SOURCE_KEY, { ...loadSourceOf(get().settings), ...patch });
    },

    dispatch(event) {
      set((s) => ({ graph: reduceRunGraph(s.graph, event) }));
    },

    keepCompressResult(record) {
      set((s) => ({ compressResults: { ...s.compressResults, [record.key]: record } }));
      void store().saveCompressResult(record).catch((error: unknown) => console.warn('bitlab: could not save a compress result (it stays until the page is closed).', error));
    },

    setRun(run) {
      set({ run });
    },

    hydrate() {
      hydrating ??= read();
      return hydrating;
    },
  };

  async function read(): Promise<void> {
    const [doc, records] = await Promise.all([
      store().loadDoc().catch((error: unknown) => { console.warn('bitlab: stored notebook settings could not be read.', error); return undefined; }),
      store().loadCompressResults().catch((error: unknown) => { console.warn('bitlab: stored compress results could not be read.', error); return []; }),
    ]);
    restoredResults = { ...(doc?.results ?? {}) };
    const s = get();
    // This session's changes win over stored ones (a cell may have run before storage answered).
    const settings = { ...(doc?.settings ?? {}), ...Object.fromEntries(Object.entries(s.settings).filter(([id]) => !doc?.settings[id] || s.graph.cells[id]?.result)) };
    const cells: Record<string, CellRunState> = {};
    for (const spec of s.graph.specs) {
      const cell = s.graph.cells[spec.id]!;
      cells[spec.id] = cell.result ? cell : { ...cell, settings: graphSettings(spec.id, settings), result: restoredResults[spec.id] ?? null };
    }
    set({
      hydrated: true, settings, graph: { specs: s.graph.specs, cells },
      compressResults: { ...Object.fromEntries(records.map((r) => [r.key, r])), ...s.compressResults },
    });
  }
});

// Saves the document whenever settings or results change, once the stored one was read.
let lastSaved = '';
useNotebookStore.subscribe((state) => {
  if (!state.hydrated) return;
  const doc = docOf(state);
  const text = JSON.stringify(doc);
  if (text === lastSaved) return;
  lastSaved = text;
  void store().saveDoc(doc).catch((error: unknown) => console.warn('bitlab: could not save the notebook settings.', error));
});

export type CellDisplayStatus = 'idle' | 'queued' | 'running' | 'done' | 'stale' | 'error' | 'cancelled';

/** What a cell's badge says: run-time status first, then whether its result is current. */
export function displayStatus(graph: RunGraphState, id: CellId): CellDisplayStatus {
  const cell = graph.cells[id];
  if (!cell) return 'idle';
  switch (cell.status) {
    case 'queued': return 'queued';
    case 'running': return 'running';
    case 'failed': return 'error';
    case 'never-run': case 'done': case 'cancelled':
      if (cell.result) return isStale(graph, id) ? 'stale' : 'done';
      return cell.status === 'cancelled' ? 'cancelled' : 'idle';
    default: {
      const never: never = cell.status;
      throw new Error(`Unknown run status ${String(never)}`);
    }
  }
}

/** Why a result is stale: its own settings, or which earlier cell changed. */
export function staleReason(graph: RunGraphState, id: CellId): string | undefined {
  const cell = graph.cells[id];
  if (!cell?.result || !isStale(graph, id)) return undefined;
  if (cell.result.settingsKey !== settingsKey(cell.settings)) return 'stale: settings changed since this result';
  const spec = graph.specs.find((s) => s.id === id)!;
  const changed = spec.dependsOn.find((dep) => graph.cells[dep]?.result?.runId !== cell.result!.consumed[dep] || !isCurrent(graph, dep));
  const what = changed === LOAD_CELL ? 'a different model was loaded' : changed ? `${cellLabel(changed)} changed` : 'an earlier step changed';
  return `stale: settings changed since this result (${what})`;
}

export function cellLabel(id: CellId): string {
  if (id === LOAD_CELL) return 'load model';
  if (id === EVAL_BASELINE_CELL) return 'evaluate fp32';
  if (id.startsWith('eval:')) return `evaluate ${id.slice('eval:compress:'.length)}`;
  return `compress ${id.slice('compress:'.length)}`;
}

/** Forget in-memory state (tests simulating a reload). */
export function resetNotebookStoreForTests(): void {
  restoredResults = {};
  hydrating = undefined;
  lastSaved = '';
  useNotebookStore.setState({ hydrated: false, graph: rebuild(undefined, [], {}), compressCells: [], settings: {}, compressResults: {}, run: null });
}
