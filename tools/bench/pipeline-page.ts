// The pipeline benchmark page (driven by run-bench.mjs --suite=variants/bertbase), through the same compression
// worker the app uses:
//  ?mode=variants — every lesson variant of the embedded model (a random model of mini-bert's
//                   shapes while /models/mini-bert-sotu/ is absent), build time each and total;
//  ?mode=bertbase — a random model with bert-base-cased's shapes (built here, no download)
//                   converted to NF4, with the peak memory of page + workers sampled by
//                   performance.measureUserAgentSpecificMemory() (performance.memory otherwise).
import { encodeModel } from '../../src/core/onnx/proto.ts';
import { CompressClient } from '../../src/workers/compress-client.ts';
import { tinyTokenizerFiles } from '../../test/helpers/eval-tokenizers.ts';
import { NOTEBOOK_RECIPES } from '../../test/helpers/recipe-list.ts';
import { buildTinyBert, tinyBertConfig, type TinyBertOptions } from '../../test/helpers/tiny-bert-onnx.ts';

const params = new URLSearchParams(location.search);
const logEl = document.getElementById('log')!;
const log = (line: string) => {
  console.log(line);
  logEl.textContent += `\n${line}`;
};
const newClient = () => new CompressClient(new Worker(new URL('../../src/workers/compress.worker.ts', import.meta.url), { type: 'module' }));

function filesOf(options: TinyBertOptions): File[] {
  const config = tinyBertConfig(options);
  const { tokenizerJson, tokenizerConfig } = tinyTokenizerFiles(config.vocab_size);
  return [
    new File([JSON.stringify(config)], 'config.json'),
    new File([JSON.stringify(tokenizerJson)], 'tokenizer.json'),
    new File([JSON.stringify(tokenizerConfig)], 'tokenizer_config.json'),
    new File([encodeModel(buildTinyBert(options)) as Uint8Array<ArrayBuffer>], 'model.onnx'),
  ];
}

async function embeddedAvailable(): Promise<boolean> {
  const r = await fetch('/models/mini-bert-sotu/onnx/model.onnx', { method: 'HEAD' }).catch(() => undefined);
  return !!r?.ok && !(r.headers.get('content-type') ?? '').includes('html'); // Vite serves .onnx without a type
}

async function variants() {
  const client = newClient();
  const embedded = await embeddedAvailable();
  const source = embedded
    ? { kind: 'embedded' as const, baseUrl: '/models/mini-bert-sotu/', name: 'mini-bert-sotu' }
    : { kind: 'files' as const, files: filesOf({ vocab: 8000, hidden: 192, intermediate: 768, layers: 4, maxPositions: 128, weightStd: 0.02 }) };
  const loadStart = performance.now();
  const summary = await client.load(source, 2e9).promise;
  const loadMs = performance.now() - loadStart;
  log(`model: ${embedded ? 'embedded mini-bert-sotu' : 'random weights, mini-bert-sotu shapes (H 192, 4 layers, FF 768, vocab 8000)'}, ${summary.parameters} parameters, ${summary.onnxBytes} bytes`);
  // No warm-up build here: the worker compiles the kernels' pipelines right after a load
  // (src/gpu/warm-up.ts) and the first build waits for that, so the total below includes it.
  log(`load ${loadMs.toFixed(0)} ms`);
  const rows = [];
  const t0 = performance.now();
  for (const recipe of NOTEBOOK_RECIPES) {
    const start = performance.now();
    const built = await client.compress(recipe, recipe).promise;
    const wallMs = performance.now() - start;
    rows.push({ recipe, buildMs: built.buildMs, ...built.timing, wallMs, kernels: built.kernelBackends.join('+') || '-', fileBytes: built.footprint.onnxFileBytes });
    log(`${recipe.padEnd(18)} build ${built.buildMs.toFixed(0).padStart(6)} ms  (compress ${built.timing.compressMs.toFixed(0)}, encode ${built.timing.encodeMs.toFixed(0)}, SQNR ${built.timing.metricsMs.toFixed(0)}; kernels ${rows.at(-1)!.kernels})`);
  }
  const totalMs = performance.now() - t0;
  log(`total for ${rows.length} variants: ${(totalMs / 1000).toFixed(2)} s`);
  client.dispose();
  return { embedded, parameters: summary.parameters, loadMs, rows, totalMs };
}

type MemoryPerf = Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>; memory?: { usedJSHeapSize: number } };

async function sampleMemory(): Promise<number> {
  const perf = performance as MemoryPerf;
  if (perf.measureUserAgentSpecificMemory && crossOriginIsolated) return (await perf.measureUserAgentSpecificMemory()).bytes;
  return perf.memory?.usedJSHeapSize ?? NaN;
}

async function bertBase() {
  const method = (performance as MemoryPerf).measureUserAgentSpecificMemory && crossOriginIsolated ? 'measureUserAgentSpecificMemory (page + workers)' : 'performance.memory.usedJSHeapSize (this page only)';
  const t0 = performance.now();
  let files: File[] | undefined = filesOf({ vocab: 28996, hidden: 768, intermediate: 3072, layers: 12, maxPositions: 512, weightStd: 0.02, decoder: 'tied' });
  const fp32Bytes = files[3]!.size;
  log(`built a bert-base-shaped model: ${fp32Bytes} bytes in ${((performance.now() - t0) / 1000).toFixed(1)} s; memory method: ${method}`);
  const client = newClient();
  const baseline = await sampleMemory();
  let peak = baseline;
  let sampling = true;
  const samples: number[] = [];
  const sampler = (async () => {
    while (sampling) {
      const m = await sampleMemory();
      samples.push(m);
      peak = Math.max(peak, m);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const loadStart = performance.now();
  await client.load({ kind: 'files', files }, 4e9).promise;
  files = undefined;
  const loadMs = performance.now() - loadStart;
  const built = await client.compress('nf4', 'nf4').promise;
  const afterBuild = await sampleMemory();
  sampling = false;
  await sampler;
  peak = Math.max(peak, afterBuild);
  const result = {
    method, fp32Bytes, baseline, peak, peakOverBaseline: peak - baseline, samples: samples.length,
    ratio: peak / fp32Bytes, ratioOverBaseline: (peak - baseline) / fp32Bytes,
    loadMs, buildMs: built.buildMs, nf4FileBytes: built.footprint.onnxFileBytes, kernels: built.kernelBackends,
  };
  log(`load ${(loadMs / 1000).toFixed(1)} s, NF4 build ${(built.buildMs / 1000).toFixed(1)} s on ${built.kernelBackends.join('+')}; ` +
    `peak ${(peak / 1e6).toFixed(0)} MB (baseline ${(baseline / 1e6).toFixed(0)} MB, ${samples.length} samples) = ${result.ratio.toFixed(2)}× fp32 (${result.ratioOverBaseline.toFixed(2)}× above baseline)`);
  client.dispose();
  return result;
}

const g = globalThis as { __benchResult?: unknown; __benchError?: string };
(params.get('mode') === 'bertbase' ? bertBase() : variants()).then(
  (r) => (g.__benchResult = r),
  (e: unknown) => (g.__benchError = e instanceof Error ? `${e.name}: ${e.message}` : String(e)),
);
