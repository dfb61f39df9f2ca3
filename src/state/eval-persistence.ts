// Evaluation results across reloads: one IndexedDB object store, "eval-results", keyed by the
// result key. Records are validated when read (a record of another version or a damaged one is
// dropped with a warning, never shown as a number).
import { openDB, type IDBPDatabase } from 'idb';
import { EVAL_RESULT_VERSION, resultKey, type EvalResultRecord } from '../core/eval/results.ts';

export const EVAL_DB = 'bitlab-eval';
export const EVAL_STORE = 'eval-results';

/** What the UI stores besides the core record: where nodes ran, the classic protocol's counts. */
export interface StoredEval extends EvalResultRecord {
  cpuNodes?: string[];
  classic?: { emptyLines: number; linesWithoutMask: number; maskedSpecialTokens: number };
}

export interface EvalPersistence {
  loadAll(): Promise<StoredEval[]>;
  save(record: StoredEval): Promise<void>;
  remove(key: string): Promise<void>;
}

const isNumber = (x: unknown): x is number => typeof x === 'number';
const isNumberArray = (x: unknown, length: number) => Array.isArray(x) && x.length === length && x.every(isNumber);

/** Why a stored value is not a usable record, or undefined when it is. */
export function invalidReason(value: unknown): string | undefined {
  const r = value as Partial<StoredEval> | null;
  if (!r || typeof r !== 'object') return 'not an object';
  if (r.version !== EVAL_RESULT_VERSION) return `version ${String(r.version)}, expected ${EVAL_RESULT_VERSION}`;
  for (const part of ['model', 'variant', 'dataset', 'protocol', 'device', 'key', 'finishedAt'] as const) if (typeof r[part] !== 'string') return `no ${part}`;
  if (r.key !== resultKey(r as EvalResultRecord)) return 'key does not match its parts';
  const m = r.metrics;
  if (!m || ![m.loss, m.perplexity, m.accuracy, m.maskedTokens, m.lines, m.resamples].every(isNumber) || !Number.isFinite(m.perplexity)) return 'bad metrics';
  const s = r.scores;
  if (!s || !isNumberArray(s.nll, m.lines) || !isNumberArray(s.count, m.lines) || !isNumberArray(s.correct, m.lines)) return 'per-line scores missing or not one per line';
  if (!r.settings || !r.stats) return 'no settings or stats';
  return undefined;
}

export function indexedDbPersistence(dbName = EVAL_DB): EvalPersistence {
  let db: Promise<IDBPDatabase> | undefined;
  const open = () => (db ??= openDB(dbName, 1, { upgrade: (d) => void d.createObjectStore(EVAL_STORE, { keyPath: 'key' }) }));
  return {
    async loadAll() {
      const all = (await (await open()).getAll(EVAL_STORE)) as unknown[];
      const valid: StoredEval[] = [];
      for (const value of all) {
        const reason = invalidReason(value);
        if (reason) console.warn(`bitlab: dropped a stored evaluation result (${reason}).`, (value as { key?: unknown })?.key);
        else valid.push(value as StoredEval);
      }
      return valid;
    },
    async save(record) {
      await (await open()).put(EVAL_STORE, record);
    },
    async remove(key) {
      await (await open()).delete(EVAL_STORE, key);
    },
  };
}

/** For Node tests and browsers without IndexedDB (private modes): results live for the page. */
export function memoryPersistence(): EvalPersistence {
  const records = new Map<string, StoredEval>();
  return {
    loadAll: async () => [...records.values()],
    save: async (r) => void records.set(r.key, r),
    remove: async (k) => void records.delete(k),
  };
}
