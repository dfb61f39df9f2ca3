// The evaluation benchmark page (driven by run-bench.mjs --suite=eval), through the same
// compression worker the app uses, on the embedded model and its held-out text:
//  1. every lesson variant scored on wasm over the first `lines` lines (same lines and masks):
//     perplexity, interval, paired difference to fp32 — and fp32's tokens per second;
//  2. fp32 on WebGPU (SwiftShader here) over the first `gpuLines` lines, tokens per second;
//  3. model-call latency of every variant as a ratio to fp32, on wasm (batches of 8) and on WebGPU
//     (batches of 2), measured
//     round-robin (fp32, v1, v2, …, fp32, v1, …) so that load from other work on the machine
//     falls on all variants alike; per round the ratio median(variant) / median(fp32), summarized
//     as the app does (median of the round ratios, order-statistic 95 % interval, verdict).
import { pairedDifference } from '../../src/core/eval/bootstrap.ts';
import { measurePairedLatency, summarizeRatios } from '../../src/core/eval/paired-latency.ts';
import type { RunModel } from '../../src/core/eval/batch.ts';
import { linesFromText } from '../../src/core/eval/datasets.ts';
import { latencyInputs } from '../../src/core/eval/latency.ts';
import { prepareEval } from '../../src/core/eval/prepare.ts';
import { ort } from '../../src/inference/ort-browser.ts';
import { runMaskedLm } from '../../src/inference/ort-session.ts';
import { tokenizerFromJson } from '../../src/inference/tokenizer.ts';
import type { ExecutionProvider } from '../../src/inference/ort-run.ts';
import { wasmThreads } from '../../src/inference/wasm-threads.ts';
import { CompressClient } from '../../src/workers/compress-client.ts';
import type { EvalDataset, EvalOutcome, EvalRequestOptions } from '../../src/workers/eval-protocol.ts';
import { NOTEBOOK_RECIPES } from '../../test/helpers/recipe-list.ts';

const params = new URLSearchParams(location.search);
const lines = Number(params.get('lines') ?? 200);
const gpuLines = Number(params.get('gpuLines') ?? 16);
// 9 rounds: the 95 % interval of the median ratio is then the 2nd to the 8th of the 9 ratios.
const rounds = Number(params.get('rounds') ?? 9);
const gpuRounds = Number(params.get('gpuRounds') ?? 1);
const causeRounds = Number(params.get('causeRounds') ?? 15);
// SwiftShader runs WebGPU on the CPU at ~1 % of wasm's speed: smaller batches keep that part short.
const batchOn = { wasm: 8, webgpu: 2 } as const;
const logEl = document.getElementById('log')!;
const log = (line: string) => {
  console.log(line);
  logEl.textContent += `\n${line}`;
};

const heldOutUrl = new URL('/data/mini-bert-sotu.txt', location.href).href;
const dataset: EvalDataset = { kind: 'url', id: 'sotu-heldout', url: heldOutUrl };
const options = (maxLines: number, batchSize = 8): EvalRequestOptions => ({ protocol: 'masked-lm', maxLines, seed: 1234, batchSize });
const cpuNodeSummary = (nodes: string[] | undefined) => {
  if (!nodes) return 'unknown';
  const ops = new Map<string, number>();
  for (const op of nodes.map((n) => n.split(' ')[0]!)) ops.set(op, (ops.get(op) ?? 0) + 1);
  return nodes.length ? [...ops].map(([op, k]) => `${k} ${op}`).join(', ') : 'none';
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function run() {
  const client = new CompressClient(new Worker(new URL('../../src/workers/compress.worker.ts', import.meta.url), { type: 'module' }));
  await client.load({ kind: 'embedded', baseUrl: '/models/mini-bert-sotu/', name: 'mini-bert-sotu' }, 2e9).promise;
  if (params.get('part') === 'causes') {
    await client.compress('int8-weight-only', 'int8-weight-only').promise;
    const woBytes = (await client.bytes('int8-weight-only').promise).bytes;
    client.dispose();
    return { causes: await causeCheck(woBytes) };
  }
  const variants: string[] = [];
  const skippedOnWebgpu = new Set<string>();
  for (const recipe of NOTEBOOK_RECIPES) {
    await client.compress(recipe, recipe).promise;
    variants.push(recipe);
  }
  const ids = ['source', ...variants];
  const name = (id: string) => (id === 'source' ? 'fp32' : id);

  // 1. Perplexity of every variant on wasm.
  const outcomes = new Map<string, EvalOutcome>();
  for (const id of ids) {
    const outcome = await client.evaluate(id, 'wasm', dataset, options(lines)).promise;
    outcomes.set(id, outcome);
    const m = outcome.metrics;
    log(`${name(id).padEnd(18)} wasm: perplexity ${m.perplexity.toFixed(3)} [${m.ci95[0].toFixed(2)}, ${m.ci95[1].toFixed(2)}] accuracy ${(100 * m.accuracy).toFixed(2)} % (${m.maskedTokens} masked tokens, ${m.lines} lines, ${outcome.seconds.toFixed(1)} s)`);
  }
  const fp32 = outcomes.get('source')!;
  const tokensOf = (o: EvalOutcome) => o.stats.maskableTokens; // real tokens scored (the model sees every token of every line)
  const perplexity = ids.map((id) => {
    const o = outcomes.get(id)!;
    const paired = id === 'source' ? undefined : pairedDifference(o.scores, fp32.scores);
    return { variant: name(id), ...o.metrics, seconds: o.seconds, paired };
  });
  for (const row of perplexity) {
    if (!row.paired) continue;
    const p = row.paired;
    log(`${row.variant.padEnd(18)} vs fp32: ratio ${p.perplexityRatio.toFixed(5)} [${p.ci95Ratio[0].toFixed(5)}, ${p.ci95Ratio[1].toFixed(5)}], Δ perplexity ${p.deltaPerplexity.toFixed(3)} [${p.ci95Perplexity[0].toFixed(3)}, ${p.ci95Perplexity[1].toFixed(3)}]`);
  }
  const nf4VsFp4 = pairedDifference(outcomes.get('nf4')!.scores, outcomes.get('fp4')!.scores);
  log(`nf4 − fp4: Δ perplexity ${nf4VsFp4.deltaPerplexity.toFixed(3)} [${nf4VsFp4.ci95Perplexity[0].toFixed(3)}, ${nf4VsFp4.ci95Perplexity[1].toFixed(3)}]`);
  const wasmTokensPerSecond = tokensOf(fp32) / fp32.seconds;
  log(`fp32 evaluation on wasm (${wasmThreads()} threads): ${tokensOf(fp32)} tokens in ${fp32.seconds.toFixed(1)} s = ${wasmTokensPerSecond.toFixed(0)} tokens/s`);

  // 2. fp32 on WebGPU.
  const gpu = await client.evaluate('source', 'webgpu', dataset, options(gpuLines)).promise;
  const gpuTokensPerSecond = tokensOf(gpu) / gpu.seconds;
  log(`fp32 evaluation on WebGPU: ${tokensOf(gpu)} tokens in ${gpu.seconds.toFixed(1)} s = ${gpuTokensPerSecond.toFixed(0)} tokens/s; perplexity ${gpu.metrics.perplexity.toFixed(3)} over ${gpu.metrics.lines} lines; nodes on CPU: ${cpuNodeSummary(gpu.cpuNodes)}`);

  // 3. Latency ratios, round-robin. Each round visits every variant once (a fresh session,
  // warm-up runs, then timed runs); the visiting order rotates from round to round so no variant
  // always comes first (the first session of a round ran ~4 % slower). Per round, the paired
  // ratio variant / fp32 of that round's medians; reported: the median of those ratios and
  // their range, so a difference inside the round-to-round spread reads as noise.
  type LatencyRow = { medianMs: number; samples: number[]; ratio?: number; roundRatios?: number[]; ci95?: [number, number]; verdict?: string; cpuNodes?: string[] };
  const latency: Record<string, Record<string, LatencyRow>> = {};
  for (const [ep, n] of [['wasm', rounds], ['webgpu', gpuRounds]] as [ExecutionProvider, number][]) {
    const perRound = new Map<string, number[][]>(ids.map((id) => [id, []]));
    const cpuNodes = new Map<string, string[] | undefined>();
    // Round −1 is a discarded warm-up round: the first sessions of the phase ran up to 2× slower
    // (thread pool start, wasm memory growth), which would bias whichever variant came first.
    for (let r = -1; r < n; r++) {
      const order = ids.map((_, i) => ids[(i + Math.max(r, 0)) % ids.length]!);
      for (const id of order) {
        if (skippedOnWebgpu.has(id) && ep === 'webgpu') continue;
        try {
          const result = await client.latency(id, ep, dataset, { ...options(lines, batchOn[ep]), latency: ep === 'wasm' ? { warmup: 4, repeats: 4 } : { warmup: 1, repeats: 3 } }).promise;
          if (r >= 0) perRound.get(id)![r] = result.samplesMs;
          cpuNodes.set(id, result.cpuNodes);
        } catch (error) {
          skippedOnWebgpu.add(id);
          log(`${name(id)} on ${ep}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    const baseRounds = perRound.get('source')!;
    latency[ep] = {};
    for (const id of ids) {
      const rows = perRound.get(id)!;
      const s = rows.flat();
      if (!s.length) continue;
      const med = median(s);
      const roundRatios = rows.map((samples, r) => median(samples) / median(baseRounds[r]!)).filter(Number.isFinite);
      // The app's summary: median of the round ratios, its order-statistic 95 % interval, a verdict.
      const summary = roundRatios.length ? summarizeRatios(roundRatios) : undefined;
      latency[ep][name(id)] = { medianMs: med, samples: s, ratio: summary?.ratio, roundRatios, ci95: summary?.ci95, verdict: summary?.verdict, cpuNodes: cpuNodes.get(id) };
      const interval = summary?.ci95 ? ` [95 % CI ${summary.ci95[0].toFixed(3)}–${summary.ci95[1].toFixed(3)}; range ${summary.range[0].toFixed(2)}–${summary.range[1].toFixed(2)} over ${roundRatios.length} rounds] ${summary.verdict}`
        : summary && roundRatios.length > 1 ? ` [range ${summary.range[0].toFixed(2)}–${summary.range[1].toFixed(2)} over ${roundRatios.length} rounds]` : '';
      log(`${ep.padEnd(6)} ${name(id).padEnd(18)} ${med.toFixed(1).padStart(8)} ms per batch of ${batchOn[ep]}  ${summary ? summary.ratio.toFixed(3) : '—'}× fp32${interval}  (${s.length} calls; CPU nodes: ${cpuNodeSummary(cpuNodes.get(id))})`);
    }
  }
  // 4. Noise floor and cause, with the app's paired method (two live sessions taking turns, here
  // in this page on wasm): fp32 against a second fp32 session (what "no difference" looks like),
  // int8-weight-only as the app runs it (DequantizeLinear on every call), and the same bytes with
  // onnxruntime told to fold DequantizeLinear into float32 weights when the session starts
  // (`session.disable_quant_qdq`; the app never does this: the weights would sit in memory as fp32).
  const woBytes = (await client.bytes('int8-weight-only').promise).bytes;
  client.dispose();
  const causes = await causeCheck(woBytes);
  return { lines, gpuLines, wasmThreads: wasmThreads(), perplexity, nf4VsFp4, wasmTokensPerSecond, gpuTokensPerSecond, gpuPerplexity: gpu.metrics, gpuCpuNodes: gpu.cpuNodes, latency, causes };
}

async function causeCheck(woBytes: Uint8Array) {
  const fetchBytes = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());
  const fetchJson = async (url: string) => (await (await fetch(url)).json()) as Record<string, unknown>;
  const base = '/models/mini-bert-sotu/';
  const tokenizer = await tokenizerFromJson(await fetchJson(`${base}tokenizer.json`), await fetchJson(`${base}tokenizer_config.json`));
  const text = await (await fetch(heldOutUrl)).text();
  const inputs = latencyInputs(prepareEval(linesFromText(text), tokenizer, { seed: 1234, maxLines: lines, maxPositions: 128 }), batchOn.wasm);
  const open = async (bytes: Uint8Array, session: Record<string, string> = {}): Promise<{ run: RunModel; release: () => Promise<void> }> => {
    const s = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', extra: { session } });
    return { run: (x) => runMaskedLm(ort, s, x), release: () => s.release() };
  };
  const fp32 = await open(await fetchBytes(`${base}onnx/model.onnx`));
  const out: Record<string, unknown> = {};
  for (const [label, make] of [
    ['fp32, a second session', async () => open(await fetchBytes(`${base}onnx/model.onnx`))],
    ['int8-weight-only (decoded every call)', () => open(woBytes)],
    ['int8-weight-only, folded to fp32 at load', () => open(woBytes, { disable_quant_qdq: '1' })],
  ] as const) {
    const other = await make();
    const timing = await measurePairedLatency(other.run, fp32.run, inputs, { warmup: 6, rounds: causeRounds, callsPerTurn: 2 });
    await other.release();
    const p = timing.paired!;
    out[label] = p;
    log(`paired in-page ${label.padEnd(42)} ${p.ratio.toFixed(3)}× fp32 [95 % CI ${p.ci95![0].toFixed(3)}–${p.ci95![1].toFixed(3)}; range ${p.range[0].toFixed(2)}–${p.range[1].toFixed(2)} over ${p.rounds} rounds] ${p.verdict}; ${p.variantMs.median.toFixed(1)} vs ${p.baselineMs.median.toFixed(1)} ms`);
  }
  await fp32.release();
  return out;
}

const g = globalThis as { __benchResult?: unknown; __benchError?: string };
run().then(
  (r) => (g.__benchResult = r),
  (e: unknown) => (g.__benchError = e instanceof Error ? `${e.name}: ${e.message}` : String(e)),
);
