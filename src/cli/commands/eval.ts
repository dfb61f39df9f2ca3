// `bitlab eval [model-dir|model.onnx] …`: masked-LM perplexity with the app's protocol (fixed
// masks, real tokens only, bootstrap interval) and the model-call latency, on onnxruntime's
// wasm EP — the same protocol code and numbers as the browser's wasm path. With --recipe, each
// recipe's variant is scored on the same masks and compared pairwise with the model as given.
import { parseArgs } from 'node:util';
import { pairedDifference, type PairedDifference } from '../../core/eval/bootstrap.ts';
import { evaluateClassic } from '../../core/eval/classic.ts';
import { EvalError } from '../../core/eval/errors.ts';
import type { EvalProgress } from '../../core/eval/engine.ts';
import { latencyInputs, latencyResultOf, measureLatency, type LatencyResult } from '../../core/eval/latency.ts';
import { measurePairedLatency } from '../../core/eval/paired-latency.ts';
import { evaluateMaskedLm, evaluatePseudoPerplexity, type MlmRun } from '../../core/eval/masked-lm.ts';
import { prepareEval } from '../../core/eval/prepare.ts';
import { encodeModel } from '../../core/onnx/proto.ts';
import { validateMaskedLm } from '../../core/onnx/validate.ts';
import { compressModel } from '../../core/recipes/compress.ts';
import { createEvalRunner, type EvalRunner } from '../../inference/eval-runner.ts';
import { ort } from '../../inference/ort-node.ts';
import type { CliCommand } from '../command.ts';
import { DEFAULT_MODEL_DIR, loadTokenizerDir, maxPositionsOf, readEvalLines, tokenizerDirFor } from '../eval-inputs.ts';
import { CliInputError, loadModel } from '../load-model.ts';
import { runWithInputErrors } from './shared.ts';

const USAGE = 'usage: bitlab eval [model-dir|model.onnx] [--tokenizer <dir>] [--text <file.txt|file.parquet> | --dataset wikitext-2-test[:10%] [--hub <url>]] [--max-lines N] [--seed S] [--batch B] [--max-length L] [--recipe r1,r2…] [--protocol masked-lm|pseudo|classic] [--mask-stream per-line|file] [--repeats R] [--rounds R] [--json]';

const OPTIONS = {
  tokenizer: { type: 'string' }, text: { type: 'string' }, dataset: { type: 'string' }, hub: { type: 'string' }, 'max-lines': { type: 'string' }, seed: { type: 'string' },
  batch: { type: 'string' }, 'max-length': { type: 'string' }, recipe: { type: 'string' }, protocol: { type: 'string' },
  repeats: { type: 'string' }, rounds: { type: 'string' }, 'mask-stream': { type: 'string' }, json: { type: 'boolean' },
} as const;

export const evalCommand: CliCommand = {
  summary: 'masked-LM perplexity (fixed masks, 95 % CI) and latency on the wasm EP; --recipe compares variants',
  run: (args) => runWithInputErrors('eval', USAGE, () => withEvalErrors(() => evaluate(args))),
};

async function withEvalErrors(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    process.stderr.write(`bitlab eval: [${error.code}] ${error.message}\n${USAGE}\n`);
    return 2;
  }
}

function int(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new CliInputError(`Expected --${name} to be an integer ≥ ${min}; found "${value}".`);
  return n;
}

async function evaluate(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  if (positionals.length > 1) throw new CliInputError(`Expected at most one model path; found ${positionals.length}.`);
  const protocol = values.protocol ?? 'masked-lm';
  if (!['masked-lm', 'pseudo', 'classic'].includes(protocol)) throw new CliInputError(`Expected --protocol masked-lm | pseudo | classic; found "${protocol}".`);
  const maskStream = values['mask-stream'] ?? 'per-line';
  if (maskStream !== 'per-line' && maskStream !== 'file') throw new CliInputError(`Expected --mask-stream per-line | file; found "${maskStream}".`);
  const target = positionals[0] ?? DEFAULT_MODEL_DIR;
  const [maxLines, seed, batchSize, maxLength, repeats, rounds] = [
    int('max-lines', values['max-lines'], 1), int('seed', values.seed, 0), int('batch', values.batch, 1), int('max-length', values['max-length'], 3), int('repeats', values.repeats, 1), int('rounds', values.rounds, 1),
  ];
  const { model, config } = loadModel(target);
  const lm = validateMaskedLm(model);
  const tokenizer = await loadTokenizerDir(tokenizerDirFor(target, values.tokenizer));
  if (tokenizer.vocabSize !== lm.vocabSize) {
    throw new EvalError('vocab-mismatch', {
      expected: `a tokenizer with the model's ${lm.vocabSize} output tokens`, found: `${tokenizer.vocabSize} tokens in the tokenizer`,
      fix: 'Pass --tokenizer <the folder saved with this model>.',
    });
  }
  if (values.text && values.dataset) throw new CliInputError('Expected --text or --dataset; found both.');
  const { lines: texts } = await readEvalLines({ text: values.text, dataset: values.dataset, hub: values.hub });
  const maxPositions = maxPositionsOf(model, config);
  const recipes = values.recipe ? values.recipe.split(',').map((r) => r.trim()).filter(Boolean) : [];
  const variants = [{ name: 'as-given', model }];
  for (const recipe of recipes) variants.push({ name: recipe, model: (await compressModel(model, recipe)).model });

  const reports: Record<string, unknown>[] = [];
  if (protocol === 'classic') {
    for (const variant of variants) {
      const runner = await createEvalRunner(ort, encodeModel(variant.model));
      try {
        const run = await evaluateClassic(texts, tokenizer, runner.runModel, { seed, maxLines, maxLength, maxPositions, batchSize });
        const { scores: _scores, ...summary } = run;
        reports.push({ model: target, variant: variant.name, device: 'node-wasm', ...summary });
      } finally {
        await runner.release();
      }
    }
  } else {
    const prepared = prepareEval(texts, tokenizer, { seed, maxLength, maxPositions, maskStream, maxLines: protocol === 'pseudo' ? undefined : maxLines });
    let baseline: MlmRun | undefined;
    // With --rounds, the as-given model's session stays open and each variant is timed in turns
    // with it (the browser's paired latency).
    let baselineRunner: EvalRunner | undefined;
    try {
      for (const variant of variants) {
        const runner = await createEvalRunner(ort, encodeModel(variant.model));
        try {
          const run = protocol === 'pseudo'
            ? await evaluatePseudoPerplexity(prepared, runner.runModel, { batchSize, lines: maxLines, onProgress: progress(variant.name) })
            : await evaluateMaskedLm(prepared, runner.runModel, { batchSize, onProgress: progress(variant.name) });
          const inputs = latencyInputs(prepared, batchSize ?? 8);
          let latency: LatencyResult;
          if (rounds && baselineRunner) {
            const timed = await measurePairedLatency(runner.runModel, baselineRunner.runModel, inputs, { warmup: 2, rounds });
            latency = latencyResultOf(inputs, timed.variantSamplesMs, timed.warmup, timed.paired);
          } else latency = await measureLatency(runner.runModel, inputs, { warmup: 2, repeats: repeats ?? 5 });
          baseline ??= run;
          const paired = run === baseline ? undefined : pairedDifference(run.scores, baseline.scores, { seed: prepared.settings.seed });
          reports.push(report(target, variant.name, run, latency, paired, batchSize ?? 8));
        } finally {
          if (rounds && !baselineRunner) baselineRunner = runner;
          else await runner.release();
        }
      }
    } finally {
      await baselineRunner?.release();
    }
  }
  const output = reports.length === 1 ? reports[0] : reports;
  process.stdout.write(values.json ? `${JSON.stringify(output, null, 2)}\n` : reports.map(formatReport).join('\n'));
  return 0;
}

/** A live line on an interactive terminal; nothing when stderr is a pipe (tests, scripts). */
function progress(name: string): ((p: EvalProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => process.stderr.write(`\r${name}: ${p.linesDone}/${p.linesTotal} lines, ${p.tokensPerSecond.toFixed(0)} tokens/s, ${p.etaSeconds.toFixed(0)} s left${p.linesDone === p.linesTotal ? '\n' : ''}`);
}

function report(model: string, variant: string, run: MlmRun, latency: LatencyResult, paired: PairedDifference | undefined, batch: number): Record<string, unknown> {
  const m = run.metrics;
  const s = run.stats;
  return {
    model, variant, protocol: run.protocol, device: 'node-wasm',
    perplexity: m.perplexity, accuracy: m.accuracy, masked_tokens: m.maskedTokens, lines: m.lines, ci95: m.ci95,
    latency_ms: { median: latency.batchMs.median, p90: latency.batchMs.p90 }, tokens_per_s: latency.tokensPerSecond,
    loss: m.loss, latency_batch: { batch: latency.batch, sequence: latency.sequence, repeats: latency.repeats, warmup: latency.warmup },
    skipped_lines: { empty: s.emptyLines, no_tokens: s.noTokenLines }, truncated_lines: s.truncatedLines, truncated_tokens: s.truncatedTokens,
    settings: { ...run.settings, batch },
    ...(latency.paired ? { latency_vs_baseline: { ratio: latency.paired.ratio, ci95: latency.paired.ci95 ?? null, range: latency.paired.range, rounds: latency.paired.rounds, verdict: latency.paired.verdict } } : {}),
    ...(paired ? { vs_baseline: { delta_perplexity: paired.deltaPerplexity, ci95: paired.ci95Perplexity, delta_loss: paired.deltaLoss, ci95_loss: paired.ci95Loss, ratio: paired.perplexityRatio, ci95_ratio: paired.ci95Ratio } } : {}),
  };
}

function formatReport(r: Record<string, unknown>): string {
  const f = (x: unknown, d = 3) => (typeof x === 'number' ? x.toFixed(d) : String(x));
  if (r.protocol === 'classic') {
    return `${r.variant}: classic (misleading) perplexity ${f(r.perplexity)} over ${r.lines} examples (${r.emptyLines} empty, ${r.linesWithoutMask} left out with nothing masked, ${r.maskedSpecialTokens} of ${r.maskedTokens} scored positions were [PAD]/[CLS]/[SEP], inputs unmasked, seed ${r.seed})\n`;
  }
  const ci = r.ci95 as number[];
  const lat = r.latency_ms as { median: number; p90: number };
  const vs = r.vs_baseline as { delta_perplexity: number; ci95: number[]; ratio: number } | undefined;
  const speed = r.latency_vs_baseline as { ratio: number; ci95: number[] | null; rounds: number; verdict: string } | undefined;
  return [
    `${r.variant} (${r.protocol}, ${r.device}): perplexity ${f(r.perplexity)} [95 % CI ${f(ci[0])}, ${f(ci[1])}], loss ${f(r.loss, 4)} nats/token`,
    `  top-1 accuracy ${f((r.accuracy as number) * 100, 1)} % of ${r.masked_tokens} masked tokens in ${r.lines} lines (${r.truncated_lines} truncated)`,
    `  model call ${f(lat.median, 2)} ms median, ${f(lat.p90, 2)} ms p90 per batch; ${f(r.tokens_per_s, 0)} tokens/s`,
    ...(vs ? [`  vs as-given: Δ perplexity ${f(vs.delta_perplexity)} [95 % CI ${f(vs.ci95[0])}, ${f(vs.ci95[1])}], ratio ${f(vs.ratio, 4)}`] : []),
    ...(speed ? [`  model call ${f(speed.ratio, 3)}× as-given over ${speed.rounds} paired rounds${speed.ci95 ? ` [95 % CI ${f(speed.ci95[0])}, ${f(speed.ci95[1])}]` : ''}: ${speed.verdict}`] : []),
  ].join('\n') + '\n';
}
