// The loaded model and its compressed variants, as the UI sees them: metadata, progress,
// errors, results. Model bytes never enter this store (they live in the compression worker);
// cancel handles live in a module-level map, not in state.
import { create } from 'zustand';
import type { CompressProgress, EpRunSummary, ExecutionProvider, ModelSource, ModelSummary, VariantSummary } from '../workers/compress-protocol.ts';
import { compressClient, type CompressClient, type CodedError, type Pending } from '../workers/compress-client.ts';
import { defaultMemoryBudget } from '../workers/load/errors.ts';

export interface ShownError {
  name: string;
  code?: string;
  message: string;
}

export type RunState = { status: 'running' } | { status: 'done'; result: EpRunSummary } | { status: 'error'; error: ShownError };

export interface VariantState {
  recipe: string;
  status: 'building' | 'ready' | 'error' | 'cancelled';
  progress?: CompressProgress;
  summary?: VariantSummary;
  error?: ShownError;
  runs: Partial<Record<ExecutionProvider, RunState>>;
}

export interface ModelStoreState {
  loadStatus: 'idle' | 'loading' | 'ready' | 'error' | 'cancelled';
  loadProgress?: CompressProgress;
  loadError?: ShownError;
  /** The current model; kept when a later load fails. */
  model?: ModelSummary;
  /** Bumped on every successful load (variants of an older model are gone from the worker). */
  modelGeneration: number;
  variants: Record<string, VariantState>;

  loadModel(source: ModelSource): Promise<void>;
  cancelLoad(): void;
  buildVariant(recipe: string): Promise<void>;
  cancelBuild(recipe: string): void;
  runVariant(recipe: string, ep: ExecutionProvider): Promise<void>;
}

let client: CompressClient | undefined;
/** Tests and benches may inject a client (e.g. one bound to a worker they own). */
export function setCompressClient(c: CompressClient): void {
  client = c;
}
const worker = () => (client ??= compressClient());

const handles = new Map<string, Pending<unknown>>();
const LOAD = 'load';

function shown(error: unknown): ShownError {
  const e = error as CodedError;
  return { name: e?.name ?? 'Error', code: e?.code, message: e?.message ?? String(error) };
}

export function memoryBudget(): number {
  return defaultMemoryBudget((navigator as Navigator & { deviceMemory?: number }).deviceMemory);
}

export const useModelStore = create<ModelStoreState>()((set, get) => {
  const patchVariant = (recipe: string, patch: Partial<VariantState>) =>
    set((s) => ({ variants: { ...s.variants, [recipe]: { ...(s.variants[recipe] ?? { recipe, status: 'building', runs: {} }), ...patch } } }));

  return {
    loadStatus: 'idle',
    modelGeneration: 0,
    variants: {},

    async loadModel(source) {
      handles.get(LOAD)?.cancel();
      set({ loadStatus: 'loading', loadProgress: undefined, loadError: undefined });
      const pending = worker().load(source, memoryBudget(), (p) => set({ loadProgress: p }));
      handles.set(LOAD, pending);
      try {
        const model = await pending.promise;
        set((s) => ({ loadStatus: 'ready', model, variants: {}, modelGeneration: s.modelGeneration + 1 }));
      } catch (error) {
        const e = shown(error);
        set({ loadStatus: e.code === 'cancelled' ? 'cancelled' : 'error', loadError: e.code === 'cancelled' ? undefined : e });
      } finally {
        if (handles.get(LOAD) === pending) handles.delete(LOAD);
      }
    },

    cancelLoad() {
      handles.get(LOAD)?.cancel();
    },

    async buildVariant(recipe) {
      handles.get(recipe)?.cancel();
      patchVariant(recipe, { status: 'building', progress: undefined, error: undefined, summary: undefined, runs: {} });
      const pending = worker().compress(recipe, recipe, (p) => patchVariant(recipe, { progress: p }));
      handles.set(recipe, pending);
      try {
        const summary = await pending.promise;
        patchVariant(recipe, { status: 'ready', summary });
      } catch (error) {
        const e = shown(error);
        patchVariant(recipe, e.code === 'cancelled' ? { status: 'cancelled' } : { status: 'error', error: e });
      } finally {
        if (handles.get(recipe) === pending) handles.delete(recipe);
      }
    },

    cancelBuild(recipe) {
      handles.get(recipe)?.cancel();
    },

    async runVariant(recipe, ep) {
      const runs = (r: RunState) => ({ runs: { ...get().variants[recipe]?.runs, [ep]: r } });
      patchVariant(recipe, runs({ status: 'running' }));
      try {
        const result = await worker().run(recipe, ep).promise;
        patchVariant(recipe, runs({ status: 'done', result }));
      } catch (error) {
        patchVariant(recipe, runs({ status: 'error', error: shown(error) }));
      }
    },
  };
});

/** Bytes of a built variant (copied out of the worker) for a download. */
export function variantBytes(recipe: string) {
  return worker().bytes(recipe).promise;
}

/** The model folder (config, tokenizer, onnx/<variant files>) as a zip. */
export function variantsZip(recipes: string[]) {
  return worker().zip(recipes).promise;
}

/** The loaded model's Linear layers, from the worker. */
export function linearLayers() {
  return worker().linearLayers().promise;
}

/** A Linear weight's histogram with per-block absmax, computed in the worker (not on this thread). */
export function weightHistogram(weight: string, bins: number) {
  return worker().weightHistogram(weight, bins).promise;
}
