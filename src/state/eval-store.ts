// Evaluation results as the UI sees them. Runs happen in the compression worker (it holds the
// model bytes); results are kept in IndexedDB by result key. Per-line scores can be large
// (three numbers per line): they live in a module-level map, not in React state, and are only
// read to compute paired differences against the fp32 baseline.
import { create } from 'zustand';
import { pairedDifference } from '../core/eval/bootstrap.ts';
import type { LineScores } from '../core/eval/engine.ts';
import { makeResultRecord, resultKey, type ResultKeyParts } from '../core/eval/results.ts';
import { compressClient, type CodedError, type CompressClient, type Pending } from '../workers/compress-client.ts';
import type { EvalDataset, EvalOutcome, EvalProgressMessage, EvalRequestOptions, ExecutionProvider } from '../workers/compress-protocol.ts';
import { indexedDbPersistence, memoryPersistence, type EvalPersistence, type StoredEval } from './eval-persistence.ts';
import type { ShownError } from './model-store.ts';

/** The loaded model's own fp32 run: the baseline every variant is paired with. */
export const BASELINE_VARIANT = 'fp32';

export type EvalRow = Omit<StoredEval, 'scores'>;

export interface EvalJob {
  status: 'running' | 'error' | 'cancelled';
  progress?: EvalProgressMessage;
  error?: ShownError;
}

export interface EvalRunRequest {
  model: string;
  /** Recipe text, or BASELINE_VARIANT for the loaded model as is. */
  variant: string;
  ep: ExecutionProvider;
  dataset: EvalDataset;
  options: EvalRequestOptions;
}

export interface EvalStoreState {
  hydrated: boolean;
  results: Record<string, EvalRow>;
  /** Keyed by jobKey(variant, ep). */
  jobs: Record<string, EvalJob>;
  hydrate(): Promise<void>;
  evaluate(request: EvalRunRequest): Promise<EvalRow | undefined>;
  /** fp32 first (the baseline), then each recipe; stops at a cancel, goes on after a failure. */
  evaluateAll(variants: readonly string[], request: Omit<EvalRunRequest, 'variant'>): Promise<void>;
  cancel(variant: string, ep: ExecutionProvider): void;
}

export const jobKey = (variant: string, ep: ExecutionProvider) => `${variant}@${ep}`;

/** The data set part of the key also names what changes the scored lines and masks. */
export function datasetKey(outcome: Pick<EvalOutcome, 'datasetId' | 'settings'>, maxLines?: number): string {
  return `${outcome.datasetId}?lines=${maxLines ?? 'all'}&seed=${outcome.settings.seed}&len=${outcome.settings.maxLength}`;
}

let client: CompressClient | undefined;
let persistence: EvalPersistence | undefined;
/** Tests inject a client bound to their own worker, and a persistence (e.g. another database). */
export function configureEvalStore(options: { client?: CompressClient; persistence?: EvalPersistence }): void {
  if (options.client) client = options.client;
  if (options.persistence) persistence = options.persistence;
}
const worker = () => (client ??= compressClient());
const store = () => (persistence ??= typeof indexedDB === 'undefined' ? memoryPersistence() : indexedDbPersistence());

const scoresByKey = new Map<string, LineScores>();
const handles = new Map<string, Pending<unknown>>();

function shown(error: unknown): ShownError {
  const e = error as CodedError;
  return { name: e?.name ?? 'Error', code: e?.code, message: e?.message ?? String(error) };
}

const rowOf = ({ scores: _scores, ...row }: StoredEval): EvalRow => row;

/** Variants whose paired difference against the fp32 run of their group (same model, data, protocol, device) is new. */
function pairWithBaseline(rows: Record<string, EvalRow>): StoredEval[] {
  const changed: StoredEval[] = [];
  for (const row of Object.values(rows)) {
    if (row.variant === BASELINE_VARIANT || row.protocol === 'classic') continue;
    const baselineKey = resultKey({ ...row, variant: BASELINE_VARIANT });
    const baseline = scoresByKey.get(baselineKey);
    const scores = scoresByKey.get(row.key);
    if (!baseline || !scores) continue;
    try {
      // Cheap (B = 1000 resamples of a few hundred lines), so recomputed rather than tracked.
      const difference = pairedDifference(scores, baseline, { seed: row.settings.seed });
      const before = row.versusBaseline;
      if (before?.baselineKey === baselineKey && before.difference.deltaLoss === difference.deltaLoss && before.difference.lines === difference.lines) continue;
      changed.push({ ...row, scores, versusBaseline: { baselineKey, difference } });
    } catch (error) {
      console.warn(`bitlab: ${row.key} is not paired with its baseline: ${(error as Error).message}`);
    }
  }
  return changed;
}

export const useEvalStore = create<EvalStoreState>()((set, get) => {
  const patchJob = (key: string, job: EvalJob | undefined) =>
    set((s) => {
      const jobs = { ...s.jobs };
      if (job) jobs[key] = job;
      else delete jobs[key];
      return { jobs };
    });

  async function keep(records: StoredEval[]): Promise<void> {
    for (const r of records) scoresByKey.set(r.key, r.scores);
    set((s) => ({ results: { ...s.results, ...Object.fromEntries(records.map((r) => [r.key, rowOf(r)])) } }));
    const paired = pairWithBaseline(get().results);
    if (paired.length) set((s) => ({ results: { ...s.results, ...Object.fromEntries(paired.map((r) => [r.key, rowOf(r)])) } }));
    await Promise.all([...records.filter((r) => !paired.some((p) => p.key === r.key)), ...paired].map((r) => store().save(r))).catch((error: unknown) => {
      console.warn('bitlab: could not save evaluation results (they stay until the page is closed).', error);
    });
  }

  return {
    hydrated: false,
    results: {},
    jobs: {},

    async hydrate() {
      if (get().hydrated) return;
      const records = await store().loadAll().catch((error: unknown) => {
        console.warn('bitlab: stored evaluation results could not be read.', error);
        return [];
      });
      for (const r of records) scoresByKey.set(r.key, r.scores);
      set((s) => ({ hydrated: true, results: { ...Object.fromEntries(records.map((r) => [r.key, rowOf(r)])), ...s.results } }));
    },

    async evaluate({ model, variant, ep, dataset, options }) {
      const key = jobKey(variant, ep);
      handles.get(key)?.cancel();
      patchJob(key, { status: 'running' });
      const variantId = variant === BASELINE_VARIANT ? 'source' : variant;
      const pending = worker().evaluate(variantId, ep, dataset, options, (p) => {
        if (p.status.startsWith('eval-')) patchJob(key, { status: 'running', progress: p as EvalProgressMessage });
      });
      handles.set(key, pending);
      try {
        const outcome = await pending.promise;
        const parts: ResultKeyParts = { model, variant, dataset: datasetKey(outcome, options.maxLines), protocol: outcome.protocol, device: ep };
        const record: StoredEval = {
          ...makeResultRecord(parts, { settings: outcome.settings, stats: outcome.stats, metrics: outcome.metrics, scores: outcome.scores, latency: outcome.latency }),
          cpuNodes: outcome.cpuNodes, classic: outcome.classic,
        };
        await keep([record]);
        patchJob(key, undefined);
        return get().results[record.key];
      } catch (error) {
        const e = shown(error);
        // A cancel keeps every earlier result: nothing was written.
        patchJob(key, e.code === 'cancelled' ? { status: 'cancelled' } : { status: 'error', error: e });
        return undefined;
      } finally {
        if (handles.get(key) === pending) handles.delete(key);
      }
    },

    async evaluateAll(variants, request) {
      for (const variant of [BASELINE_VARIANT, ...variants.filter((v) => v !== BASELINE_VARIANT)]) {
        const row = await get().evaluate({ ...request, variant });
        // A cancel stops the queue; a failure (e.g. a graph WebGPU cannot run) only skips that variant.
        if (!row && get().jobs[jobKey(variant, request.ep)]?.status === 'cancelled') return;
      }
    },

    cancel(variant, ep) {
      handles.get(jobKey(variant, ep))?.cancel();
    },
  };
});

/** Per-line scores of a result (in memory once loaded or measured), for tests and exports. */
export function resultScores(key: string): LineScores | undefined {
  return scoresByKey.get(key);
}

/** Forget the in-memory state (tests simulating a reload). */
export function resetEvalStoreForTests(): void {
  scoresByKey.clear();
  useEvalStore.setState({ hydrated: false, results: {}, jobs: {} });
}
