// Evaluation inside the compression worker: data set lines (fetched, dropped or from the hub),
// the model's own tokenizer, one prepared set per (data set, settings) shared by every variant
// so paired differences compare identical masks, a session on the chosen EP, scoring, timing.
import { evaluateClassic } from '../core/eval/classic.ts';
import { fetchDatasetBytes, firstPercent, linesFromBytes, readParquetText, wikitext2TestUrl } from '../core/eval/datasets.ts';
import { EvalError } from '../core/eval/errors.ts';
import { latencyInputs, latencyResultOf, measureLatency, type LatencyResult } from '../core/eval/latency.ts';
import { PAIRED_DEFAULTS, measurePairedLatency } from '../core/eval/paired-latency.ts';
import { evaluateMaskedLm, evaluatePseudoPerplexity } from '../core/eval/masked-lm.ts';
import { prepareEval, type PreparedEval } from '../core/eval/prepare.ts';
import type { EvalTokenizer } from '../core/eval/tokenizer.ts';
import type { ModelInputs, RunModel } from '../core/eval/batch.ts';
import { ort } from '../inference/ort-browser.ts';
import { createEpSession, withOrtLog, type ExecutionProvider } from '../inference/ort-run.ts';
import { runMaskedLm } from '../inference/ort-session.ts';
import { tokenizerFromJson } from '../inference/tokenizer.ts';
import type { EvalDataset, EvalOutcome, EvalProgressMessage, EvalRequestOptions } from './eval-protocol.ts';
import type { ModelFiles } from './load/model-files.ts';

export interface EvalTarget {
  files: ModelFiles;
  maxPositions?: number;
  /** Output rows of the model (from its graph). */
  vocabSize: number;
  bytes: Uint8Array;
  /** Why this graph must not go to WebGPU (see webgpuKnownFailure). */
  webgpuSkip?: string;
}

const tokenizers = new WeakMap<ModelFiles, Promise<EvalTokenizer>>();
let lastLines: { key: string; datasetId: string; lines: string[] } | undefined;
let lastPrepared: { key: string; tokenizer: EvalTokenizer; prepared: PreparedEval } | undefined;

function tokenizerOf(files: ModelFiles): Promise<EvalTokenizer> {
  let pending = tokenizers.get(files);
  if (!pending) {
    const json = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    pending = tokenizerFromJson(json(files.tokenizer), json(files.tokenizerConfig));
    pending.catch(() => tokenizers.delete(files)); // a failed parse is not cached
    tokenizers.set(files, pending);
  }
  return pending;
}

async function shortHash(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A single-page-app server answers a missing file with its index.html (HTTP 200): that page must
 * not be scored as text, so an HTML answer to a text request counts as "not found".
 */
const textOnly: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.ok && (response.headers.get('content-type') ?? '').includes('text/html')) return new Response(null, { status: 404, statusText: 'Not Found (the server sent an HTML page)' });
  return response;
};

async function datasetLines(dataset: EvalDataset, signal: AbortSignal): Promise<{ datasetId: string; lines: string[] }> {
  if (dataset.kind === 'text') return { datasetId: dataset.id, lines: linesFromBytes(new TextEncoder().encode(dataset.text)) };
  if (dataset.kind === 'file') {
    const bytes = await dataset.file.arrayBuffer();
    return { datasetId: `file:${dataset.file.name}#${await shortHash(bytes)}`, lines: linesFromBytes(bytes) };
  }
  const key = dataset.kind === 'url' ? dataset.url : `${dataset.host}|${dataset.percent}`;
  if (lastLines?.key === key) return lastLines;
  let datasetId: string;
  let lines: string[];
  if (dataset.kind === 'url') {
    datasetId = dataset.id;
    lines = linesFromBytes(await fetchDatasetBytes(dataset.url, textOnly, signal));
  } else {
    const rows = await readParquetText(await fetchDatasetBytes(wikitext2TestUrl(dataset.host), fetch, signal));
    datasetId = dataset.percent >= 100 ? 'wikitext-2-test' : `wikitext-2-test[:${dataset.percent}%]`;
    lines = dataset.percent >= 100 ? rows : firstPercent(rows, dataset.percent);
  }
  lastLines = { key, datasetId, lines };
  return lastLines;
}

/** A session on `ep` as the engine's RunModel; the WebGPU session was created verbose (for its node placement), so its runs are kept quiet. */
async function openRunner(bytes: Uint8Array, ep: ExecutionProvider) {
  const { session, cpuNodes } = await createEpSession(bytes, ep);
  const runModel: RunModel = (inputs) => (ep === 'webgpu' ? withOrtLog(() => runMaskedLm(ort, session, inputs)).then((r) => r.value) : runMaskedLm(ort, session, inputs));
  return { runModel, cpuNodes, release: () => session.release() };
}

function refuseSkipped(target: EvalTarget, ep: ExecutionProvider): void {
  if (ep === 'webgpu' && target.webgpuSkip) throw Object.assign(new Error(target.webgpuSkip), { name: 'UnsupportedOnEpError', code: 'webgpu-unsupported' });
}

export async function evaluateInWorker(target: EvalTarget, ep: ExecutionProvider, dataset: EvalDataset, options: EvalRequestOptions, signal: AbortSignal, progress: (p: EvalProgressMessage) => void, baseline?: EvalTarget): Promise<EvalOutcome> {
  refuseSkipped(target, ep);
  progress({ status: 'eval-data', step: 'fetch' });
  const { datasetId, lines } = await datasetLines(dataset, signal);
  progress({ status: 'eval-data', step: 'tokenize' });
  const tokenizer = await tokenizerOf(target.files);
  const onProgress = (p: { linesDone: number; linesTotal: number; tokensPerSecond: number; etaSeconds: number }) => progress({ status: 'eval-lines', ...p });
  const runOptions = { batchSize: options.batchSize, signal, onProgress };
  progress({ status: 'eval-session', ep });
  const runner = await openRunner(target.bytes, ep);
  try {
    if (options.protocol === 'classic') {
      const run = await evaluateClassic(lines, tokenizer, runner.runModel, { ...runOptions, seed: options.seed, maxLines: options.maxLines, maxLength: options.maxLength, maxPositions: target.maxPositions });
      // Classic has no line bootstrap (its masks and weighting are the lesson's point): no interval (resamples 0).
      const metrics = { loss: run.loss, perplexity: run.perplexity, accuracy: run.accuracy, maskedTokens: run.maskedTokens, lines: run.lines, ci95: [NaN, NaN] as [number, number], resamples: 0 };
      const stats = { inputLines: run.lines + run.linesWithoutMask, emptyLines: run.emptyLines, noTokenLines: run.linesWithoutMask, truncatedLines: 0, truncatedTokens: 0, maskableTokens: 0, maskedTokens: run.maskedTokens };
      return {
        datasetId, protocol: 'classic', ep, metrics, scores: run.scores, stats, seconds: run.seconds, cpuNodes: runner.cpuNodes,
        settings: { seed: run.seed, maskRate: 0.15, maxLength: run.maxLength, maskStream: 'file' },
        classic: { emptyLines: run.emptyLines, linesWithoutMask: run.linesWithoutMask, maskedSpecialTokens: run.maskedSpecialTokens },
      };
    }
    const prepared = prepareOnce(datasetId, lines, tokenizer, options, target.maxPositions);
    checkVocab(prepared, target);
    const run = options.protocol === 'pseudo-perplexity'
      ? await evaluatePseudoPerplexity(prepared, runner.runModel, { ...runOptions, lines: options.maxLines })
      : await evaluateMaskedLm(prepared, runner.runModel, runOptions);
    let latency;
    if (options.latency) {
      progress({ status: 'eval-latency' });
      const inputs = latencyInputs(prepared, options.batchSize);
      latency = baseline && options.latency.rounds
        ? await pairedWithBaseline(runner.runModel, baseline, ep, inputs, { ...options.latency, rounds: options.latency.rounds }, signal, progress)
        : await measureLatency(runner.runModel, inputs, { ...options.latency, signal });
    }
    return { datasetId, protocol: run.protocol, ep, metrics: run.metrics, scores: run.scores, settings: run.settings, stats: run.stats, seconds: run.seconds, latency, cpuNodes: runner.cpuNodes };
  } finally {
    await runner.release();
  }
}

/**
 * The variant's latency measured in turns with a fresh session of the baseline (fp32) on the same
 * EP and inputs; its own median/p90 come from its turns. Both sessions are open only for this.
 */
export async function pairedWithBaseline(
  variant: RunModel, baseline: EvalTarget, ep: ExecutionProvider, inputs: ModelInputs,
  options: { warmup: number; rounds: number; callsPerTurn?: number }, signal: AbortSignal, progress: (p: EvalProgressMessage) => void,
): Promise<LatencyResult> {
  let base: Awaited<ReturnType<typeof openRunner>>;
  try {
    base = await openRunner(baseline.bytes, ep);
  } catch (error) {
    // A second session may not fit (a large model on a small GPU): the scores are not lost for
    // it; the variant is timed alone and its ratio is shown as unpaired.
    console.warn(`bitlab: no fp32 session to time ${ep} latency in turns with (${(error as Error).message}); timing the variant alone.`);
    return measureLatency(variant, inputs, { warmup: options.warmup, repeats: options.rounds * (options.callsPerTurn ?? PAIRED_DEFAULTS.callsPerTurn), signal });
  }
  try {
    const onRound = (roundsDone: number, roundsTotal: number) => progress({ status: 'eval-latency', roundsDone, roundsTotal });
    const timed = await measurePairedLatency(variant, base.runModel, inputs, { ...options, signal, onRound });
    // Calls faster than the clock's resolution (a toy model on a coarse timer) give no ratio:
    // the variant's own timing is still shown, the ratio column then says "unpaired".
    return latencyResultOf(inputs, timed.variantSamplesMs, timed.warmup, timed.paired);
  } finally {
    await base.release();
  }
}

/** Model-call timing alone on the prepared set's first batch (same inputs for every variant). */
export async function latencyInWorker(target: EvalTarget, ep: ExecutionProvider, dataset: EvalDataset, options: EvalRequestOptions, signal: AbortSignal) {
  refuseSkipped(target, ep);
  const { datasetId, lines } = await datasetLines(dataset, signal);
  const prepared = prepareOnce(datasetId, lines, await tokenizerOf(target.files), options, target.maxPositions);
  const runner = await openRunner(target.bytes, ep);
  try {
    return { ...(await measureLatency(runner.runModel, latencyInputs(prepared, options.batchSize), { ...(options.latency ?? {}), signal })), cpuNodes: runner.cpuNodes };
  } finally {
    await runner.release();
  }
}

function prepareOnce(datasetId: string, lines: string[], tokenizer: EvalTokenizer, options: EvalRequestOptions, maxPositions?: number): PreparedEval {
  // Pseudo-perplexity limits lines itself (one row per token), so it prepares the whole set.
  const maxLines = options.protocol === 'pseudo-perplexity' ? undefined : options.maxLines;
  const key = JSON.stringify([datasetId, lines.length, options.seed, options.maxLength, maxPositions, maxLines]);
  if (lastPrepared?.key === key && lastPrepared.tokenizer === tokenizer) return lastPrepared.prepared;
  const prepared = prepareEval(lines, tokenizer, { seed: options.seed, maxLength: options.maxLength, maxPositions, maxLines });
  lastPrepared = { key, tokenizer, prepared };
  return prepared;
}

/** Fails before the first batch (rather than after a session run) when the tokenizer is not the model's. */
function checkVocab(prepared: PreparedEval, target: EvalTarget): void {
  const modelVocab = target.vocabSize;
  if (modelVocab !== prepared.tokenizer.vocabSize) {
    throw new EvalError('vocab-mismatch', {
      expected: `a tokenizer with the model's ${modelVocab} output tokens`, found: `a tokenizer with ${prepared.tokenizer.vocabSize} tokens`,
      fix: "Load the model folder with its own tokenizer.json.",
    });
  }
}
