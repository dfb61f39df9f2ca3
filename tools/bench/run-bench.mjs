#!/usr/bin/env node
// npm run bench: serves the repo with Vite (its vite.config.ts + the ORT assets plugin) on
// 127.0.0.1, opens benchmark pages in headless Chromium (WebGPU on SwiftShader, flags from
// tools/test/chromium.ts) and writes artifacts/bench/<suite>.json. Suites (default: all):
//   kernels   tools/bench/index.html    every kernel at 1M/16M/85M: GB/s, × copy kernel, × CPU reference
//   variants  tools/bench/pipeline.html every lesson variant of the embedded model built in the worker
//   bertbase  tools/bench/pipeline.html a random model with bert-base-cased's shapes → NF4, peak memory
//   eval      tools/bench/eval.html     perplexity of every variant (wasm), fp32 tokens/s on wasm and
//                                       WebGPU, model-call latency of every variant as a ratio to fp32
// Options: --suite=kernels,eval  --sizes=1M,16M,85M  --cpu-cap=<elements> (CPU reference timed on
// at most this many elements and scaled linearly; default 16M)  --only=<substring> (kernel filter)
// --repeats=<n> (timed runs per kernel)  --stat=median|min (min suits a shared machine, where
// contention only ever adds time)  --lines=<n> (eval: lines scored per variant, default 200)
// --gpu-lines=<n> (eval: WebGPU lines, default 16)  --rounds=<n> (eval: latency rounds after a warm-up round, default 9)
// --cause-rounds=<n> (eval: paired rounds of the in-page noise-floor/cause check, default 15)  --part=causes (eval: only that check)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { createServer } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const suites = arg('suite', 'kernels,variants,bertbase,eval').split(',');
const known = ['kernels', 'variants', 'bertbase', 'eval'];
const unknown = suites.filter((s) => !known.includes(s));
if (unknown.length) {
  console.error(`Unknown suite ${unknown.join(', ')}: expected some of ${known.join(', ')} (comma-separated).`);
  process.exit(2);
}
const { chromiumLaunchOptions } = await tsImport('../test/chromium.ts', import.meta.url);
const { ortAssets } = await tsImport('../vite/ort-assets.ts', import.meta.url);

const pages = {
  kernels: () => `tools/bench/index.html?sizes=${arg('sizes', '1M,16M,85M')}&cpuCap=${arg('cpu-cap', String(1 << 24))}` +
    `&only=${encodeURIComponent(arg('only', ''))}&repeats=${arg('repeats', '0')}&stat=${arg('stat', 'median')}`,
  variants: () => 'tools/bench/pipeline.html?mode=variants',
  bertbase: () => 'tools/bench/pipeline.html?mode=bertbase',
  eval: () => `tools/bench/eval.html?lines=${arg('lines', '200')}&gpuLines=${arg('gpu-lines', '16')}&rounds=${arg('rounds', '9')}&causeRounds=${arg('cause-rounds', '15')}&part=${arg('part', 'all')}`,
};

const server = await createServer({
  root,
  configFile: resolve(root, 'vite.config.ts'),
  plugins: [ortAssets()],
  // No HMR: a file saved while a suite runs (an editor, a parallel job) must not reload the page
  // and silently restart the measurement.
  server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  logLevel: 'warn',
});
await server.listen();
const base = server.resolvedUrls?.local[0];
let browser;
let exitCode = 0;
try {
  const launch = chromiumLaunchOptions();
  // Makes measureUserAgentSpecificMemory() answer at once instead of waiting for a natural GC.
  browser = await chromium.launch({ ...launch, args: [...(launch.args ?? []), '--enable-blink-features=ForceEagerMeasureMemory', '--js-flags=--expose-gc'] });
  for (const suite of suites) {
    console.log(`\n=== bench: ${suite} ===`);
    const started = Date.now();
    // A fresh page (and worker) per suite, so one suite's pipelines and sessions don't help the next.
    const page = await browser.newPage();
    page.on('console', (msg) => !/onnxruntime|\[vite\]|Failed to load resource/.test(msg.text()) && console.log(`  ${msg.text()}`));
    await page.goto(`${base}${pages[suite]()}`);
    await page.waitForFunction(() => globalThis.__benchResult || globalThis.__benchError, null, { timeout: 30 * 60_000, polling: 1000 });
    const error = await page.evaluate(() => globalThis.__benchError);
    if (error) throw new Error(`${suite}: ${error}`);
    const result = await page.evaluate(() => globalThis.__benchResult);
    await page.close();
    const out = resolve(root, `artifacts/bench/${suite}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2) + '\n');
    if (suite === 'kernels') printKernelTable(result);
    console.log(`${suite}: ${((Date.now() - started) / 1000).toFixed(0)} s; wrote ${out}`);
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await browser?.close();
  await server.close();
}
process.exit(exitCode);

function printKernelTable({ rows, adapter, timestamps }) {
  const head = ['kernel', 'elements', 'GPU ms', 'GB/s', '× copy', '× 256B copy', 'CPU ms', 'speedup'];
  const body = rows.map((r) => [
    r.kernel, r.n.toLocaleString('en-US'), r.gpuMs.toFixed(2), r.gbPerS.toFixed(2), r.ratioToCopy.toFixed(2), r.ratioToFastCopy.toFixed(2),
    `${r.cpuMs.toFixed(0)}${r.cpuMeasuredOn < r.n ? '*' : ''}`, `${r.speedup.toFixed(1)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const b of body) console.log(line(b));
  const capped = rows.find((r) => r.cpuMeasuredOn < r.n);
  if (capped) console.log(`* CPU reference timed on ${capped.cpuMeasuredOn.toLocaleString('en-US')} elements and scaled linearly.`);
  if (rows[0]) console.log(`GPU ms: ${rows[0].stat} of ${rows[0].repeats} timed runs after a warm-up.`);
  console.log(`adapter: ${adapter || 'unknown'}, timestamps: ${timestamps}`);
}
