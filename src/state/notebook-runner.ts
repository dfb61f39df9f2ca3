// Runs notebook cells in dependency order: "Run all" brings every cell up to date, a cell's own
// Run button runs that cell (and whatever it needs that is not current). One run at a time;
// Cancel stops the step that is running and every step after it. The work itself happens in
// the compression worker through model-store.ts and eval-store.ts; this module only orders it
// and records results in the run graph.
//
// After a reload the numbers of every step are restored, but no model bytes are: the loaded
// model and the built variants lived in the worker. A result whose numbers are restored is
// still current — nothing the student changed makes it wrong — so Run all does not redo it.
// Only a step that needs the bytes (evaluating a variant, which runs its ONNX file) first
// loads the model and rebuilds that variant again; compression is deterministic, so the
// rebuilt variant is the same result and its evaluation's dependency stays satisfied.
import { planRun, settingsKey, type CellId, type CellResultRef } from '../core/notebook/run-graph.ts';
import type { EvalDataset, ModelSource, ModelSummary } from '../workers/compress-protocol.ts';
import { BASELINE_VARIANT, jobKey, useEvalStore } from './eval-store.ts';
import { useModelStore } from './model-store.ts';
import { compressResultKey } from './notebook-persistence.ts';
import {
  EVAL_BASELINE_CELL, LOAD_CELL, evalSettingsOf, isCompressCell, loadSourceOf, recipeOf, useNotebookStore, type EvalSettings,
} from './notebook-store.ts';

/** Where the embedded model and text live, and the hub to use (set by the cells that show them). */
export interface RunEnvironment {
  embeddedBaseUrl: string;
  embeddedName: string;
  embeddedTextUrl: string;
  evalHubHost: string;
  defaultHubHost: string;
  defaultHubId: string;
  /** The .txt file the student chose for evaluation (files are not kept across reloads). */
  evalFile?: File;
}

const env: RunEnvironment = {
  embeddedBaseUrl: '/models/mini-bert-sotu/', embeddedName: 'mini-bert-sotu', embeddedTextUrl: '/data/mini-bert-sotu.txt',
  evalHubHost: 'https://huggingface.co', defaultHubHost: 'https://huggingface.co', defaultHubId: '',
};
export function setRunEnvironment(patch: Partial<RunEnvironment>): void {
  Object.assign(env, patch);
}

class StepCancelled extends Error {
  override readonly name = 'CancelledError';
}

/** The model's identity: a different name or file is a different model. */
export const modelIdOf = (model: Pick<ModelSummary, 'name' | 'onnxBytes'>) => `${model.name}#${model.onnxBytes}`;

let cancelCurrent: (() => void) | undefined;
const notebook = () => useNotebookStore.getState();
const note = (text: string | undefined) => {
  const run = notebook().run;
  if (run) notebook().setRun({ ...run, note: text });
};

export function loadSourceFromSettings(): ModelSource {
  const source = loadSourceOf(notebook().settings);
  if (source.kind === 'hub') return { kind: 'hub', host: source.host || env.defaultHubHost, id: source.hubId || env.defaultHubId };
  if (source.kind === 'files') throw new Error('Pick the model files again in the load cell: files are not kept across reloads.');
  return { kind: 'embedded', baseUrl: env.embeddedBaseUrl, name: env.embeddedName };
}

/** Checks the evaluation settings and builds the worker request, or throws saying what is wrong. */
export function evalRequest(settings: EvalSettings): { dataset: EvalDataset; options: { protocol: EvalSettings['protocol']; maxLines: number; seed: number; batchSize: number; latency: { warmup: number; repeats: number; rounds: number; callsPerTurn: number } } } {
  const { maxLines, batchSize, seed } = settings;
  if (!(Number.isInteger(maxLines) && maxLines > 0) || !(Number.isInteger(batchSize) && batchSize > 0) || !(Number.isInteger(seed) && seed >= 0)) {
    throw new Error('Expected whole numbers: max lines ≥ 1, batch ≥ 1, seed ≥ 0.');
  }
  let dataset: EvalDataset;
  if (settings.data === 'file') {
    if (!env.evalFile) throw new Error('Choose or drop a .txt file first.');
    dataset = { kind: 'file', file: env.evalFile };
  } else if (settings.data === 'wikitext' || settings.data === 'wikitext-all') {
    dataset = { kind: 'wikitext', host: hubHostOf(settings.hubHost), percent: settings.data === 'wikitext' ? 10 : 100 };
  }
  else dataset = { kind: 'url', id: 'sotu-heldout', url: new URL(env.embeddedTextUrl, location.href).href };
  // wasm sessions start slow: with its thread pool the first ~5 calls after creation ran up to
  // 10× slower (measured), and a short evaluation may be a single batch, so wasm gets 6 warm-up
  // calls. WebGPU on SwiftShader takes seconds per call; 2 cover its shader compilation.
  // A variant is timed in turns with a fresh fp32 session (paired rounds): 9 rounds give a 95 %
  // interval for the median ratio (2nd to 8th of 9); WebGPU, seconds per call on SwiftShader,
  // gets the fewest rounds that still give one (6, [min, max]) with one call per turn.
  const latency = settings.ep === 'wasm' ? { warmup: 6, repeats: 5, rounds: 9, callsPerTurn: 2 } : { warmup: 2, repeats: 5, rounds: 6, callsPerTurn: 1 };
  return { dataset, options: { protocol: settings.protocol, maxLines, seed, batchSize, latency } };
}

/** The student's hub host for wikitext-2, checked; the app's default when left empty. */
function hubHostOf(typed: string | undefined): string {
  const host = typed?.trim();
  if (!host) return env.evalHubHost;
  const url = URL.canParse(host) ? new URL(host) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new Error(`Expected a hub address such as https://huggingface.co or a mirror's http(s) URL; found "${host}". Fix the hub host, or empty it to use ${env.evalHubHost}.`);
  }
  return host.replace(/\/+$/, '');
}

async function runLoad(source?: ModelSource): Promise<CellResultRef> {
  const models = useModelStore.getState();
  cancelCurrent = () => models.cancelLoad();
  await models.loadModel(source ?? loadSourceFromSettings());
  const after = useModelStore.getState();
  if (after.loadStatus === 'cancelled') throw new StepCancelled('Loading was cancelled.');
  if (after.loadStatus !== 'ready' || !after.model) throw new Error(after.loadError?.message ?? 'The model did not load.');
  const id = modelIdOf(after.model);
  return { runId: id, settingsKey: settingsKey({}), consumed: {}, resultKey: id };
}

/** The loaded model in the worker (loading it again after a reload); its id. */
async function ensureModel(): Promise<string> {
  const model = useModelStore.getState().model;
  if (model) return modelIdOf(model);
  note('loading the model again: model bytes are not kept across reloads');
  await runStep(LOAD_CELL, () => runLoad());
  note(undefined);
  return notebook().graph.cells[LOAD_CELL]!.result!.runId;
}

async function build(recipe: string): Promise<void> {
  const models = useModelStore.getState();
  cancelCurrent = () => models.cancelBuild(recipe);
  await models.buildVariant(recipe);
  const variant = useModelStore.getState().variants[recipe];
  if (variant?.status === 'cancelled') throw new StepCancelled(`Building ${recipe} was cancelled.`);
  if (variant?.status !== 'ready' || !variant.summary) throw new Error(variant?.error?.message ?? `${recipe} was not built.`);
}

function keepSummary(modelId: string, recipe: string): string {
  const key = compressResultKey(modelId, recipe);
  notebook().keepCompressResult({ version: 1, key, modelId, recipe, summary: useModelStore.getState().variants[recipe]!.summary!, savedAt: new Date().toISOString() });
  return key;
}

async function runCompress(id: CellId): Promise<CellResultRef> {
  const modelId = await ensureModel();
  const recipe = recipeOf(notebook(), id);
  await build(recipe);
  const key = keepSummary(modelId, recipe);
  // Deterministic: the same model and recipe always make the same variant, so its id is the key.
  return { runId: key, settingsKey: settingsKey({ recipe }), consumed: { [LOAD_CELL]: modelId }, resultKey: key };
}

async function runEvaluate(id: CellId): Promise<CellResultRef> {
  const settings = evalSettingsOf(notebook().settings);
  const request = evalRequest(settings);
  const modelId = await ensureModel();
  const compressCell = id === EVAL_BASELINE_CELL ? undefined : (id.slice('eval:'.length) as CellId);
  let variant = BASELINE_VARIANT;
  const consumed: Record<string, string> = {};
  if (compressCell) {
    const compressed = notebook().graph.cells[compressCell]?.result;
    const record = compressed && notebook().compressResults[compressed.resultKey];
    if (!compressed || !record) throw new Error(`Run ${compressCell} first.`);
    variant = record.recipe;
    consumed[compressCell] = compressed.runId;
    if (useModelStore.getState().variants[variant]?.status !== 'ready') {
      note(`rebuilding ${variant}: its model bytes are not kept across reloads`);
      await build(variant);
      keepSummary(modelId, variant);
      note(undefined);
    }
  } else consumed[LOAD_CELL] = modelId;
  const model = useModelStore.getState().model!;
  const evals = useEvalStore.getState();
  cancelCurrent = () => evals.cancel(variant, settings.ep);
  const row = await evals.evaluate({ model: model.name, variant, ep: settings.ep, ...request });
  if (!row) {
    const job = useEvalStore.getState().jobs[jobKey(variant, settings.ep)];
    if (job?.status === 'cancelled') throw new StepCancelled(`Evaluating ${variant} was cancelled.`);
    throw new Error(job?.error?.message ?? `Evaluating ${variant} failed.`);
  }
  return { runId: `${row.key}@${row.finishedAt}`, settingsKey: settingsKey(settings), consumed, resultKey: row.key };
}

/** Runs one cell's work and records its outcome in the graph; rethrows a cancel. */
async function runStep(id: CellId, work: () => Promise<CellResultRef>): Promise<boolean> {
  notebook().dispatch({ type: 'started', cell: id });
  try {
    const result = await work();
    notebook().dispatch({ type: 'finished', cell: id, result });
    return true;
  } catch (error) {
    if (error instanceof StepCancelled) {
      notebook().dispatch({ type: 'cancelled', cell: id });
      throw error;
    }
    notebook().dispatch({ type: 'failed', cell: id, error: (error as Error).message });
    return false;
  } finally {
    cancelCurrent = undefined;
  }
}

function workOf(id: CellId, loadSource?: ModelSource): () => Promise<CellResultRef> {
  if (id === LOAD_CELL) return () => runLoad(loadSource);
  if (isCompressCell(id)) return () => runCompress(id);
  return () => runEvaluate(id);
}

/**
 * Runs `targets` ('all': every cell that is not current) with whatever they need first.
 * Resolves when the run ended (finished, failed steps skipped, or cancelled).
 */
export async function runCells(targets: readonly CellId[] | 'all', options: { loadSource?: ModelSource } = {}): Promise<void> {
  if (notebook().run?.active) return;
  const plan = planRun(notebook().graph, targets);
  const startedAt = performance.now();
  notebook().setRun({ plan, index: 0, active: true, cancelled: false, startedAt });
  if (plan.length) notebook().dispatch({ type: 'queued', cells: plan });
  const failed = new Set<string>();
  try {
    for (const [index, id] of plan.entries()) {
      if (notebook().run!.cancelled) throw new StepCancelled('Run cancelled.');
      notebook().setRun({ ...notebook().run!, index });
      const spec = notebook().graph.specs.find((s) => s.id === id)!;
      const blocked = spec.dependsOn.find((dep) => failed.has(dep));
      if (blocked) {
        failed.add(id);
        notebook().dispatch({ type: 'failed', cell: id, error: `Not run: ${blocked} failed.` });
        continue;
      }
      if (!(await runStep(id, workOf(id, options.loadSource)))) failed.add(id);
    }
  } catch (error) {
    if (!(error instanceof StepCancelled)) throw error;
    // The step that was running is marked; every queued one goes back to what it showed.
    for (const id of plan) if (notebook().graph.cells[id]?.status === 'queued') notebook().dispatch({ type: 'cancelled', cell: id });
    notebook().setRun({ ...notebook().run!, cancelled: true });
  } finally {
    notebook().setRun({ ...notebook().run!, index: plan.length, active: false, note: undefined, elapsedMs: performance.now() - startedAt });
  }
}

/** Stops the running step and every step after it. */
export function cancelRun(): void {
  const run = notebook().run;
  if (!run?.active) return;
  notebook().setRun({ ...run, cancelled: true });
  cancelCurrent?.();
}
