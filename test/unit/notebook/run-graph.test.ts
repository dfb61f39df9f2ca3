import { describe, expect, it } from 'vitest';
import {
  createRunGraph, isCurrent, isStale, planRun, reduceRunGraph, settingsKey,
  type CellId, type RunGraphState, type Settings,
} from '../../../src/core/notebook/run-graph.ts';

const id = (s: string) => s as CellId;
// load → fp32 → nf4 → evaluate(nf4) ; fp32 → evaluate(fp32)
const specs = [
  { id: id('load'), dependsOn: [] },
  { id: id('nf4'), dependsOn: [id('load')] },
  { id: id('eval-nf4'), dependsOn: [id('nf4')] },
  { id: id('eval-fp32'), dependsOn: [id('load')] },
];

let counter = 0;
function finish(state: RunGraphState, cell: string): RunGraphState {
  const spec = specs.find((s) => s.id === cell)!;
  const consumed = Object.fromEntries(spec.dependsOn.map((d) => [d, state.cells[d]!.result!.runId]));
  const settings: Settings = state.cells[cell]!.settings;
  const started = reduceRunGraph(state, { type: 'started', cell: id(cell) });
  return reduceRunGraph(started, {
    type: 'finished', cell: id(cell),
    result: { runId: `run-${++counter}`, settingsKey: settingsKey(settings), consumed, resultKey: `${cell}:${counter}` },
  });
}

function runAll(state: RunGraphState): RunGraphState {
  return planRun(state, 'all').reduce(finish, state);
}

describe('run graph', () => {
  it('plans every cell in dependency order on a fresh notebook', () => {
    const state = createRunGraph(specs, { nf4: { blockSize: 64 } });
    expect(planRun(state, 'all')).toEqual(['load', 'nf4', 'eval-nf4', 'eval-fp32']);
    expect(planRun(state, [id('eval-nf4')])).toEqual(['load', 'nf4', 'eval-nf4']);
  });

  it('after a run all is current and nothing needs to run', () => {
    const state = runAll(createRunGraph(specs, { nf4: { blockSize: 64 } }));
    for (const s of specs) expect(isCurrent(state, s.id)).toBe(true);
    expect(planRun(state, 'all')).toEqual([]);
  });

  it('changing a setting marks that cell and its dependants stale, not the others', () => {
    let state = runAll(createRunGraph(specs, { nf4: { blockSize: 64 } }));
    state = reduceRunGraph(state, { type: 'settings-changed', cell: id('nf4'), settings: { blockSize: 128 } });
    expect(isStale(state, id('nf4'))).toBe(true);
    expect(isStale(state, id('eval-nf4'))).toBe(true);
    expect(isStale(state, id('load'))).toBe(false);
    expect(isStale(state, id('eval-fp32'))).toBe(false);
    expect(planRun(state, 'all')).toEqual(['nf4', 'eval-nf4']);
    // The old result is kept (shown as out of date), not deleted.
    expect(state.cells['nf4']!.result).not.toBeNull();
  });

  it('setting back the old value makes the result current again (settings are compared by value)', () => {
    let state = runAll(createRunGraph(specs, { nf4: { blockSize: 64, type: 'nf4' } }));
    state = reduceRunGraph(state, { type: 'settings-changed', cell: id('nf4'), settings: { blockSize: 128, type: 'nf4' } });
    state = reduceRunGraph(state, { type: 'settings-changed', cell: id('nf4'), settings: { type: 'nf4', blockSize: 64 } });
    expect(isCurrent(state, id('eval-nf4'))).toBe(true);
  });

  it('re-running an upstream cell makes downstream results stale until they run again', () => {
    let state = runAll(createRunGraph(specs));
    state = finish(state, 'load');
    expect(isStale(state, id('nf4'))).toBe(true);
    expect(isStale(state, id('eval-fp32'))).toBe(true);
    state = runAll(state);
    expect(specs.every((s) => isCurrent(state, s.id))).toBe(true);
  });

  it('a failed or cancelled run keeps the last good result and its error', () => {
    let state = runAll(createRunGraph(specs));
    const before = state.cells['nf4']!.result;
    state = reduceRunGraph(state, { type: 'started', cell: id('nf4') });
    state = reduceRunGraph(state, { type: 'failed', cell: id('nf4'), error: 'GPU lost' });
    expect(state.cells['nf4']!.status).toBe('failed');
    expect(state.cells['nf4']!.error).toBe('GPU lost');
    expect(state.cells['nf4']!.result).toBe(before);
    state = reduceRunGraph(state, { type: 'cancelled', cell: id('nf4') });
    expect(state.cells['nf4']!.status).toBe('cancelled');
  });

  it('rejects unknown dependencies and cycles with a message naming them', () => {
    expect(() => createRunGraph([{ id: id('a'), dependsOn: [id('zz')] }])).toThrow(/depends on "zz"/);
    expect(() => createRunGraph([
      { id: id('a'), dependsOn: [id('b')] },
      { id: id('b'), dependsOn: [id('a')] },
    ])).toThrow(/cycle/);
    expect(() => reduceRunGraph(createRunGraph(specs), { type: 'started', cell: id('nope') })).toThrow(/Unknown run cell/);
  });
});
