// The evaluation engine's public surface, for the browser worker and the CLI. Everything here
// is pure TS: the model (RunModel), the tokenizer (EvalTokenizer) and the bytes are injected.
export type { Logits, ModelInputs, RunModel } from './batch.ts';
export { pairedDifference, summarize, type Interval, type MlmMetrics, type PairedDifference } from './bootstrap.ts';
export { evaluateClassic, type ClassicOptions, type ClassicRun } from './classic.ts';
export { fetchDatasetBytes, firstPercent, linesFromBytes, linesFromText, readParquetText, wikitext2TestUrl, type DatasetId } from './datasets.ts';
export type { CancelledScores, EvalProgress, LineScores, RunOptions } from './engine.ts';
export { EvalCancelledError, EvalError, type EvalErrorCode } from './errors.ts';
export { latencyInputs, measureLatency, type LatencyOptions, type LatencyResult } from './latency.ts';
export { evaluateMaskedLm, evaluatePseudoPerplexity, type EvalOptions, type MlmRun } from './masked-lm.ts';
export { planMask, type MaskStream } from './masking.ts';
export { prepareEval, type PrepareOptions, type PreparedEval } from './prepare.ts';
export { makeResultRecord, parseResultKey, resultKey, type EvalProtocol, type EvalResultRecord, type ResultKeyParts } from './results.ts';
export type { EvalTokenizer } from './tokenizer.ts';
