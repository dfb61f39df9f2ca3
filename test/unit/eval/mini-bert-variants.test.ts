// The acceptance numbers on the trained model shipped in public/models/mini-bert-sotu: every
// variant built with compressModel, scored on the same ~40 held-out lines and masks, compared
// pairwise with fp32. The numbers are printed for the record (issue 6).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pairedDifference, type PairedDifference } from '../../../src/core/eval/bootstrap.ts';
import { linesFromText } from '../../../src/core/eval/datasets.ts';
import { evaluateMaskedLm, type MlmRun } from '../../../src/core/eval/masked-lm.ts';
import { prepareEval } from '../../../src/core/eval/prepare.ts';
import { decodeModel, encodeModel } from '../../../src/core/onnx/proto.ts';
import { compressModel } from '../../../src/core/recipes/compress.ts';
import { createEvalRunner } from '../../../src/inference/eval-runner.ts';
import { ort } from '../../../src/inference/ort-node.ts';
import { loadTokenizerDir } from '../../../src/cli/eval-inputs.ts';

const DIR = 'public/models/mini-bert-sotu';
const TEXT = 'public/data/mini-bert-sotu.txt';
const LINES = 40;
const VARIANTS = ['int8', 'fp16', 'nf4', 'fp4', 'prune-l1:0.2', 'prune-l1:0.4'];

describe('variants of public/models/mini-bert-sotu on held-out text', () => {
  it('int8 within 1 %, fp16 within 0.5 %, 40 % pruning worse than 20 %, NF4 vs FP4 with its interval', async () => {
    const base = decodeModel(new Uint8Array(fs.readFileSync(`${DIR}/onnx/model.onnx`)), 'model.onnx');
    const config = JSON.parse(fs.readFileSync(`${DIR}/config.json`, 'utf8')) as { max_position_embeddings: number };
    const tokenizer = await loadTokenizerDir(DIR);
    const prepared = prepareEval(linesFromText(fs.readFileSync(TEXT, 'utf8')), tokenizer, { maxLines: LINES, maxPositions: config.max_position_embeddings });
    const runs = new Map<string, MlmRun>();
    for (const [name, model] of [['fp32', base] as const, ...(await Promise.all(VARIANTS.map(async (v) => [v, (await compressModel(base, v)).model] as const)))]) {
      const runner = await createEvalRunner(ort, encodeModel(model));
      try {
        runs.set(name, await evaluateMaskedLm(prepared, runner.runModel, { batchSize: 8 }));
      } finally {
        await runner.release();
      }
    }
    const fp32 = runs.get('fp32')!;
    const vs = (a: string, b = 'fp32'): PairedDifference => pairedDifference(runs.get(a)!.scores, runs.get(b)!.scores);
    const table = [...runs].map(([name, r]) => ({
      variant: name, perplexity: r.metrics.perplexity, ci95: r.metrics.ci95, accuracy: r.metrics.accuracy,
      ...(name === 'fp32' ? {} : { ratio: vs(name).perplexityRatio, ratioCi95: vs(name).ci95Ratio, deltaPpl: vs(name).deltaPerplexity, deltaCi95: vs(name).ci95Perplexity }),
    }));
    const nfVsFp = vs('nf4', 'fp4');
    console.log(JSON.stringify({ lines: fp32.metrics.lines, maskedTokens: fp32.metrics.maskedTokens, table, nf4MinusFp4: nfVsFp }, null, 1));

    expect(Math.abs(vs('int8').perplexityRatio - 1)).toBeLessThan(0.01);
    expect(Math.abs(vs('fp16').perplexityRatio - 1)).toBeLessThan(0.005);
    expect(runs.get('prune-l1:0.4')!.metrics.perplexity).toBeGreaterThan(runs.get('prune-l1:0.2')!.metrics.perplexity);
    expect(nfVsFp.ci95Perplexity[0]).toBeLessThanOrEqual(nfVsFp.deltaPerplexity);
    expect(nfVsFp.ci95Perplexity[1]).toBeGreaterThanOrEqual(nfVsFp.deltaPerplexity);
  }, 600_000);
});
