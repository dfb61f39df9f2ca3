// The notebook's run cells across reloads: every cell's settings and last result reference
// (one small versioned document), and the numbers of every compress result (footprint, SQNR
// per layer, build time) keyed by model id + recipe — the recipe text holds the settings
// (block size, threshold, amount). Model bytes are never stored: they are rebuilt when a
// later step needs them. Everything read back is validated; a damaged or older record is
// dropped with a warning, never shown as a number.
import { openDB, type IDBPDatabase } from 'idb';
import type { CellResultRef, Settings } from '../core/notebook/run-graph.ts';
import type { VariantSummary } from '../workers/compress-variants.ts';

// Not 'bitlab-notebook': that database holds the answers (answers-persistence.ts).
export const NOTEBOOK_DB = 'bitlab-run-cells';
const DOC_STORE = 'doc';
const COMPRESS_STORE = 'compress-results';
const DOC_KEY = 'run-cells';
export const NOTEBOOK_DOC_VERSION = 1;
export const COMPRESS_RESULT_VERSION = 1;

/** Saved cell data (marimo's split: never run-time state such as "running" or progress). */
export interface NotebookDoc {
  version: number;
  /** cell id → its settings (compress: { recipe }, evaluate: data/lines/seed/…, load: source). */
  settings: Record<string, Settings>;
  /** cell id → the last successful result it made. */
  results: Record<string, CellResultRef>;
}

export interface StoredCompressResult {
  version: number;
  /** compressResultKey(modelId, recipe). */
  key: string;
  modelId: string;
  recipe: string;
  summary: VariantSummary;
  savedAt: string;
}

export interface NotebookPersistence {
  loadDoc(): Promise<NotebookDoc | undefined>;
  saveDoc(doc: NotebookDoc): Promise<void>;
  loadCompressResults(): Promise<StoredCompressResult[]>;
  saveCompressResult(record: StoredCompressResult): Promise<void>;
}

export const compressResultKey = (modelId: string, recipe: string) => `${modelId}|${recipe}`;

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
const isSetting = (x: unknown) => typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
const isNumber = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);

function invalidResultRef(value: unknown): string | undefined {
  if (!isObject(value)) return 'result is not an object';
  for (const k of ['runId', 'settingsKey', 'resultKey'] as const) if (typeof value[k] !== 'string') return `result has no ${k}`;
  if (!isObject(value.consumed) || !Object.values(value.consumed).every((v) => typeof v === 'string')) return 'result has no consumed map';
  return undefined;
}

/** Why a stored value is not a usable notebook document, or undefined when it is. */
export function invalidDocReason(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  if (value.version !== NOTEBOOK_DOC_VERSION) return `version ${String(value.version)}, expected ${NOTEBOOK_DOC_VERSION}`;
  if (!isObject(value.settings) || !isObject(value.results)) return 'no settings or results';
  for (const [cell, settings] of Object.entries(value.settings)) {
    if (!isObject(settings) || !Object.values(settings).every(isSetting)) return `settings of ${cell} are not plain values`;
  }
  for (const [cell, result] of Object.entries(value.results)) {
    const reason = invalidResultRef(result);
    if (reason) return `${cell}: ${reason}`;
  }
  return undefined;
}

/** Why a stored value is not a usable compress result, or undefined when it is. */
export function invalidCompressReason(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  if (value.version !== COMPRESS_RESULT_VERSION) return `version ${String(value.version)}, expected ${COMPRESS_RESULT_VERSION}`;
  for (const k of ['key', 'modelId', 'recipe', 'savedAt'] as const) if (typeof value[k] !== 'string') return `no ${k}`;
  if (value.key !== compressResultKey(value.modelId as string, value.recipe as string)) return 'key does not match model and recipe';
  const s = value.summary as Partial<VariantSummary> | undefined;
  if (!isObject(s) || typeof s.fileName !== 'string' || !isNumber(s.buildMs) || !Array.isArray(s.layers) || !Array.isArray(s.kernelBackends)) return 'bad summary';
  const f = s.footprint;
  if (!f || ![f.parameters, f.transformersBytes, f.trueBytes].every(isNumber)) return 'bad footprint';
  if (!s.layers.every((l) => isObject(l) && typeof l.weight === 'string' && isNumber(l.sqnrDb) && isNumber(l.maxAbsError))) return 'bad per-layer error';
  return undefined;
}

export function indexedDbNotebookPersistence(dbName = NOTEBOOK_DB): NotebookPersistence {
  let db: Promise<IDBPDatabase> | undefined;
  const open = () => (db ??= openDB(dbName, 1, {
    upgrade: (d) => {
      d.createObjectStore(DOC_STORE);
      d.createObjectStore(COMPRESS_STORE, { keyPath: 'key' });
    },
  }));
  return {
    async loadDoc() {
      const value: unknown = await (await open()).get(DOC_STORE, DOC_KEY);
      if (value === undefined) return undefined;
      const reason = invalidDocReason(value);
      if (reason) {
        console.warn(`bitlab: dropped the stored notebook settings (${reason}).`);
        return undefined;
      }
      return value as NotebookDoc;
    },
    async saveDoc(doc) {
      await (await open()).put(DOC_STORE, doc, DOC_KEY);
    },
    async loadCompressResults() {
      const all = (await (await open()).getAll(COMPRESS_STORE)) as unknown[];
      return all.filter((value) => {
        const reason = invalidCompressReason(value);
        if (reason) console.warn(`bitlab: dropped a stored compress result (${reason}).`, (value as { key?: unknown })?.key);
        return !reason;
      }) as StoredCompressResult[];
    },
    async saveCompressResult(record) {
      await (await open()).put(COMPRESS_STORE, record);
    },
  };
}

/** For Node tests and browsers without IndexedDB: results live for the page. */
export function memoryNotebookPersistence(): NotebookPersistence {
  let doc: NotebookDoc | undefined;
  const records = new Map<string, StoredCompressResult>();
  return {
    loadDoc: async () => (doc ? structuredClone(doc) : undefined),
    saveDoc: async (d) => void (doc = structuredClone(d)),
    loadCompressResults: async () => [...records.values()],
    saveCompressResult: async (r) => void records.set(r.key, r),
  };
}
