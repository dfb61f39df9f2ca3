// Evaluation in the compression worker on the tiny BERT: the worker's wasm numbers equal the
// core engine run directly in the page on ORT's wasm EP (the CLI's code path), WebGPU agrees
// within float tolerance and reports CPU-placed nodes, a cancel stops mid-run and the worker
// keeps working, and bad inputs come back as named, coded errors.
import { afterAll, describe, expect, it } from 'vitest';
import { linesFromText, evaluateMaskedLm, prepareEval } from '../../../src/core/eval/index.ts';
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { createEvalRunner } from '../../../src/inference/eval-runner.ts';
import { ort } from '../../../src/inference/ort-browser.ts';
import { tokenizerFromJson } from '../../../src/inference/tokenizer.ts';
import { CompressClient, type CodedError } from '../../../src/workers/compress-client.ts';
import type { CompressProgress, EvalOutcome, EvalRequestOptions } from '../../../src/workers/compress-protocol.ts';
import { tinyEvalText } from '../../helpers/eval-text.ts';
import { tinyTokenizerFiles } from '../../helpers/eval-tokenizers.ts';
import { buildTinyBert, tinyBertConfig } from '../../helpers/tiny-bert-onnx.ts';
import { tinyModelFiles } from './tiny-files.ts';

const client = new CompressClient(new Worker(new URL('../../../src/workers/compress.worker.ts', import.meta.url), { type: 'module' }));
afterAll(() => client.dispose());

const text = tinyEvalText(24);
const dataset = { kind: 'text' as const, id: 'tiny-text', text };
const options: EvalRequestOptions = { protocol: 'masked-lm', maxLines: 20, seed: 1234, batchSize: 4, latency: { warmup: 1, repeats: 3 } };
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as CodedError);
const outcomes: Record<string, EvalOutcome> = {};

describe('evaluation in the compression worker', () => {
  it('scores fp32 on wasm exactly as the core engine does on the page (the CLI path)', async () => {
    await client.load({ kind: 'files', files: tinyModelFiles() }, 2e9).promise;
    const progress: CompressProgress[] = [];
    const worker = await client.evaluate('source', 'wasm', dataset, options, (p) => progress.push(p)).promise;
    const { tokenizerJson, tokenizerConfig } = tinyTokenizerFiles(96);
    const prepared = prepareEval(linesFromText(text), await tokenizerFromJson(tokenizerJson, tokenizerConfig), { seed: 1234, maxLines: 20, maxPositions: tinyBertConfig().max_position_embeddings });
    const runner = await createEvalRunner(ort, encodeModel(buildTinyBert()), { executionProviders: ['wasm'] });
    const page = await evaluateMaskedLm(prepared, runner.runModel, { batchSize: 4 });
    await runner.release();
    expect(worker.metrics).toEqual(page.metrics);
    expect(worker.scores).toEqual(page.scores);
    expect(worker.stats).toEqual(page.stats);
    expect(worker.metrics.lines).toBe(20);
    expect(worker.metrics.perplexity).toBeGreaterThan(1);
    expect(worker.cpuNodes).toEqual([]);
    const lines = progress.filter((p) => p.status === 'eval-lines');
    expect(lines.map((p) => p.linesDone)).toEqual([4, 8, 12, 16, 20]);
    expect(lines.every((p) => p.linesTotal === 20 && p.tokensPerSecond > 0)).toBe(true);
    expect(worker.latency!.repeats).toBe(3);
    expect(worker.latency!.batch).toBe(4);
    outcomes['fp32@wasm'] = worker;
  });

  it('scores fp32 and nf4 on WebGPU and nf4 on wasm; WebGPU agrees with wasm', async () => {
    await client.compress('nf4', 'nf4').promise;
    for (const [variant, ep] of [['source', 'webgpu'], ['nf4', 'wasm'], ['nf4', 'webgpu']] as const) {
      outcomes[`${variant === 'source' ? 'fp32' : variant}@${ep}`] = await client.evaluate(variant, ep, dataset, options).promise;
    }
    for (const variant of ['fp32', 'nf4']) {
      const [gpu, wasm] = [outcomes[`${variant}@webgpu`]!, outcomes[`${variant}@wasm`]!];
      expect(gpu.scores.count).toEqual(wasm.scores.count);
      expect(Math.abs(gpu.metrics.loss - wasm.metrics.loss)).toBeLessThan(1e-4);
      expect(gpu.cpuNodes === undefined || Array.isArray(gpu.cpuNodes)).toBe(true);
      expect(gpu.cpuNodes?.some((n) => n.startsWith('MatMulBnb4')) ?? false).toBe(false);
    }
    expect(outcomes['nf4@wasm']!.metrics.perplexity).not.toBe(outcomes['fp32@wasm']!.metrics.perplexity);
    const rate = (k: string) => Math.round(outcomes[k]!.latency!.tokensPerSecond);
    console.log(`tiny model latency tokens/s: fp32 wasm ${rate('fp32@wasm')}, fp32 webgpu ${rate('fp32@webgpu')}, nf4 wasm ${rate('nf4@wasm')}, nf4 webgpu ${rate('nf4@webgpu')}; ` +
      `ppl fp32 ${outcomes['fp32@wasm']!.metrics.perplexity.toFixed(4)} nf4 ${outcomes['nf4@wasm']!.metrics.perplexity.toFixed(4)}; cpu nodes webgpu nf4: ${JSON.stringify(outcomes['nf4@webgpu']!.cpuNodes)}`);
  });

  it('times a variant in turns with a fresh fp32 session (paired rounds); the baseline itself is timed alone', async () => {
    const paired: EvalRequestOptions = { ...options, latency: { warmup: 1, repeats: 3, rounds: 6, callsPerTurn: 1 } };
    const progress: CompressProgress[] = [];
    const nf4 = await client.evaluate('nf4', 'wasm', dataset, paired, (p) => progress.push(p)).promise;
    const p = nf4.latency!.paired!;
    expect([p.rounds, p.callsPerTurn, p.warmup, p.ratios.length]).toEqual([6, 1, 1, 6]);
    // The variant's own figures come from its turns: one call per round.
    expect(nf4.latency!.repeats).toBe(6);
    expect(nf4.latency!.batchMs.median).toBeCloseTo(p.variantMs.median, 9);
    expect(p.ci95).toEqual([Math.min(...p.ratios), Math.max(...p.ratios)]); // 6 rounds: [min, max] covers 96.9 %
    expect(p.ratio).toBeCloseTo(p.variantMs.median / p.baselineMs.median, 0);
    expect(['faster', 'slower', 'within noise', 'no detectable difference']).toContain(p.verdict);
    const rounds = progress.flatMap((m) => (m.status === 'eval-latency' && m.roundsDone ? [m.roundsDone] : []));
    expect(rounds).toEqual([1, 2, 3, 4, 5, 6]);
    // The scoring is the same whatever the timing: paired rounds change no perplexity.
    expect(nf4.metrics).toEqual(outcomes['nf4@wasm']!.metrics);
    const fp32 = await client.evaluate('source', 'wasm', dataset, paired).promise;
    expect(fp32.latency!.paired).toBeUndefined();
    expect(fp32.latency!.repeats).toBe(3);
  });

  it('times the model call alone, and runs the classic protocol with its flaws counted', async () => {
    const latency = await client.latency('nf4', 'wasm', dataset, options).promise;
    expect([latency.batch, latency.repeats, latency.warmup, latency.samplesMs.length]).toEqual([4, 3, 1, 3]);
    expect(latency.batchMs.p90).toBeGreaterThanOrEqual(latency.batchMs.median);
    const classic = await client.evaluate('source', 'wasm', dataset, { ...options, protocol: 'classic' }).promise;
    expect(classic.protocol).toBe('classic');
    expect(classic.metrics.resamples).toBe(0); // no interval is claimed for it
    expect(classic.metrics.lines + classic.classic!.linesWithoutMask).toBe(20); // the first 20 rows, blank ones included
    expect(classic.classic!.emptyLines).toBeGreaterThan(0);
  });

  it('cancels within one batch and keeps working afterwards', async () => {
    const long = { kind: 'text' as const, id: 'tiny-long', text: tinyEvalText(200, 3) };
    const seen: number[] = [];
    const pending = client.evaluate('source', 'wasm', long, { ...options, maxLines: 200, batchSize: 2 }, (p) => {
      if (p.status !== 'eval-lines') return;
      seen.push(p.linesDone);
      if (seen.length === 1) pending.cancel();
    });
    const error = await failure(pending.promise);
    expect([error?.name, error?.code]).toEqual(['CancelledError', 'cancelled']);
    // The tiny model scores a batch in ~1 ms, so a few batches pass while the cancel message
    // travels; the engine's own test (test/unit/eval/cancel.test.ts) pins "within one batch".
    expect(Math.max(...seen)).toBeLessThan(200);
    const again = await client.evaluate('source', 'wasm', dataset, options).promise;
    expect(again.metrics).toEqual(outcomes['fp32@wasm']!.metrics);
  });

  it('refuses bad inputs with coded errors', async () => {
    const code = async (d: Parameters<CompressClient['evaluate']>[2]) => (await failure(client.evaluate('source', 'wasm', d, options).promise))?.code;
    expect(await code({ kind: 'text', id: 'empty', text: '' })).toBe('empty-dataset');
    expect(await code({ kind: 'text', id: 'blank', text: '\n   \n\t\n' })).toBe('only-empty-lines');
    expect(await code({ kind: 'wikitext', host: 'http://127.0.0.1:9', percent: 10 })).toBe('hub-failure');
    expect(await code({ kind: 'url', id: 'missing', url: `${location.origin}/no-such-file.txt` })).toBe('hub-failure');
    await client.load({ kind: 'files', files: tinyModelFiles(64) }, 2e9).promise;
    expect(await code(dataset)).toBe('vocab-mismatch');
  });
});
