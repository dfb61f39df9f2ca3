// The notebook's run cells as a dependency graph: what may run, in which order, and which
// results no longer match their settings. Pure state and pure transitions (an exhaustive
// switch); the UI dispatches events and a runner executes the cells the plan names.
//
// Staleness: a result is current only if (1) it was made with the cell's present settings
// and (2) every dependency it consumed is still the dependency's current, non-stale result.
// Changing a setting therefore marks the cell and everything downstream stale, without
// deleting any result — the student still sees the old numbers, labelled as out of date.
import type { Brand } from './brand.ts';

export type CellId = Brand<string, 'CellId'>;
export type Settings = Readonly<Record<string, string | number | boolean>>;

export interface RunCellSpec {
  id: CellId;
  dependsOn: readonly CellId[];
}

export type RunStatus = 'never-run' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface CellResultRef {
  /** Unique per run: lets dependants tell which result they consumed. */
  runId: string;
  /** The settings the result was made with (a stable key, see settingsKey). */
  settingsKey: string;
  /** dependency id → the runId of the dependency's result that was used. */
  consumed: Readonly<Record<string, string>>;
  /** Where the result itself is stored (results store key). */
  resultKey: string;
}

export interface CellRunState {
  settings: Settings;
  status: RunStatus;
  /** The last successful result, kept even when a later run fails or is cancelled. */
  result: CellResultRef | null;
  error: string | null;
}

export interface RunGraphState {
  specs: readonly RunCellSpec[];
  cells: Readonly<Record<string, CellRunState>>;
}

export type RunGraphEvent =
  | { type: 'settings-changed'; cell: CellId; settings: Settings }
  | { type: 'queued'; cells: readonly CellId[] }
  | { type: 'started'; cell: CellId }
  | { type: 'finished'; cell: CellId; result: CellResultRef }
  | { type: 'failed'; cell: CellId; error: string }
  | { type: 'cancelled'; cell: CellId };

/** A stable text key of settings: key order does not matter. */
export function settingsKey(settings: Settings): string {
  return JSON.stringify(Object.keys(settings).sort().map((k) => [k, settings[k]]));
}

export function createRunGraph(specs: readonly RunCellSpec[], settings: Readonly<Record<string, Settings>> = {}): RunGraphState {
  const known = new Set(specs.map((s) => s.id as string));
  for (const spec of specs) {
    for (const dep of spec.dependsOn) {
      if (!known.has(dep)) throw new Error(`Run cell "${spec.id}" depends on "${dep}", which is not a run cell. Expected one of: ${[...known].join(', ')}.`);
    }
  }
  topologicalOrder(specs); // throws on a cycle
  const cells: Record<string, CellRunState> = {};
  for (const spec of specs) cells[spec.id] = { settings: settings[spec.id] ?? {}, status: 'never-run', result: null, error: null };
  return { specs, cells };
}

export function reduceRunGraph(state: RunGraphState, event: RunGraphEvent): RunGraphState {
  const update = (id: CellId, patch: Partial<CellRunState>): RunGraphState => {
    const cell = state.cells[id];
    if (!cell) throw new Error(`Unknown run cell "${id}".`);
    return { ...state, cells: { ...state.cells, [id]: { ...cell, ...patch } } };
  };
  switch (event.type) {
    case 'settings-changed':
      return update(event.cell, { settings: event.settings });
    case 'queued': {
      const cells = { ...state.cells };
      for (const id of event.cells) {
        const cell = cells[id];
        if (!cell) throw new Error(`Unknown run cell "${id}".`);
        cells[id] = { ...cell, status: 'queued', error: null };
      }
      return { ...state, cells };
    }
    case 'started':
      return update(event.cell, { status: 'running', error: null });
    case 'finished':
      return update(event.cell, { status: 'done', result: event.result, error: null });
    case 'failed':
      return update(event.cell, { status: 'failed', error: event.error });
    case 'cancelled':
      return update(event.cell, { status: 'cancelled' });
    default: {
      const never: never = event;
      throw new Error(`Unhandled run-graph event ${JSON.stringify(never)}`);
    }
  }
}

/** True when the cell has a result that matches its settings and its dependencies' current results. */
export function isCurrent(state: RunGraphState, id: CellId, seen: Set<string> = new Set()): boolean {
  const cell = state.cells[id];
  const spec = state.specs.find((s) => s.id === id);
  if (!cell?.result || !spec || seen.has(id)) return false;
  if (cell.result.settingsKey !== settingsKey(cell.settings)) return false;
  seen.add(id);
  return spec.dependsOn.every((dep) => {
    const depCell = state.cells[dep];
    return depCell?.result !== null && depCell?.result?.runId === cell.result!.consumed[dep] && isCurrent(state, dep, new Set(seen));
  });
}

/** A result exists but no longer matches: shown greyed with "out of date". */
export function isStale(state: RunGraphState, id: CellId): boolean {
  return state.cells[id]?.result !== null && !isCurrent(state, id);
}

/**
 * The cells to run, in order, to bring `targets` up to date: each target and every
 * dependency that is not current. 'all' targets every cell.
 */
export function planRun(state: RunGraphState, targets: readonly CellId[] | 'all'): CellId[] {
  const wanted = new Set<string>();
  const visit = (id: CellId) => {
    if (wanted.has(id)) return;
    const spec = state.specs.find((s) => s.id === id);
    if (!spec) throw new Error(`Unknown run cell "${id}".`);
    spec.dependsOn.forEach((dep) => { if (!isCurrent(state, dep)) visit(dep); });
    wanted.add(id);
  };
  const ids = targets === 'all' ? state.specs.map((s) => s.id) : targets;
  for (const id of ids) if (targets !== 'all' || !isCurrent(state, id)) visit(id);
  return topologicalOrder(state.specs).filter((id) => wanted.has(id));
}

export function topologicalOrder(specs: readonly RunCellSpec[]): CellId[] {
  const order: CellId[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const byId = new Map(specs.map((s) => [s.id as string, s]));
  const visit = (spec: RunCellSpec, path: string[]) => {
    const mark = state.get(spec.id);
    if (mark === 'done') return;
    if (mark === 'visiting') throw new Error(`Run cells form a cycle: ${[...path, spec.id].join(' → ')}.`);
    state.set(spec.id, 'visiting');
    for (const dep of spec.dependsOn) visit(byId.get(dep)!, [...path, spec.id]);
    state.set(spec.id, 'done');
    order.push(spec.id);
  };
  for (const spec of specs) visit(spec, []);
  return order;
}
