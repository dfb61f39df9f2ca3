// Results as plain, versioned, serializable records, keyed by what was evaluated, so the browser
// can keep them across reloads and pair a variant with its baseline by key.
import type { MlmMetrics, PairedDifference } from './bootstrap.ts';
import type { LineScores } from './engine.ts';
import type { LatencyResult } from './latency.ts';
import type { EvalSettings, PrepareStats } from './prepare.ts';

export type EvalProtocol = 'masked-lm' | 'pseudo-perplexity' | 'classic';

export interface ResultKeyParts {
  /** e.g. "mini-bert-sotu" or "Xenova/bert-base-cased". */
  model: string;
  /** Recipe text, e.g. "fp32", "nf4", "prune-l1:0.4". */
  variant: string;
  /** e.g. "sotu-heldout", "wikitext-2-test[:10%]", "file:notes.txt#<hash>". */
  dataset: string;
  protocol: EvalProtocol;
  /** e.g. "node-wasm", "wasm", "webgpu". */
  device: string;
}

/** Stable, readable key; parts are URI-encoded so a "/" or "|" in a name cannot collide. */
export function resultKey(parts: ResultKeyParts): string {
  return [parts.model, parts.variant, parts.dataset, parts.protocol, parts.device].map(encodeURIComponent).join('|');
}

export function parseResultKey(key: string): ResultKeyParts {
  const [model, variant, dataset, protocol, device] = key.split('|').map(decodeURIComponent);
  return { model: model!, variant: variant!, dataset: dataset!, protocol: protocol as EvalProtocol, device: device! };
}

export const EVAL_RESULT_VERSION = 1;

export interface EvalResultRecord extends ResultKeyParts {
  version: typeof EVAL_RESULT_VERSION;
  key: string;
  /** ISO time the run finished. */
  finishedAt: string;
  settings: EvalSettings;
  stats: PrepareStats;
  metrics: MlmMetrics;
  /** Kept so a later baseline can be compared pairwise without re-running this variant. */
  scores: LineScores;
  latency?: LatencyResult;
  /** Against the baseline named by its key, when one was given. */
  versusBaseline?: { baselineKey: string; difference: PairedDifference };
}

export function makeResultRecord(parts: ResultKeyParts, body: Omit<EvalResultRecord, keyof ResultKeyParts | 'version' | 'key' | 'finishedAt'>, finishedAt = new Date()): EvalResultRecord {
  return { version: EVAL_RESULT_VERSION, key: resultKey(parts), ...parts, finishedAt: finishedAt.toISOString(), ...body };
}
