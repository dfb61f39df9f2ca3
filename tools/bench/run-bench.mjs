#!/usr/bin/env node
// npm run bench: serves the repo with Vite (its vite.config.ts) on 127.0.0.1, opens
// tools/bench/index.html in headless Chromium (WebGPU on SwiftShader, flags from
// tools/test/chromium.ts), prints a table and writes artifacts/bench/kernels.json.
// Options: --sizes=1M,16M,85M (default all) --cpu-cap=<elements> (CPU reference measured on at
// most this many elements and scaled linearly; default 16M) --only=<substring> (kernel filter)
// --repeats=<n> (timed runs per kernel; default 5/3/2 by size) --stat=median|min (default median;
// min suits a machine shared with other work, where contention only ever adds time).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { createServer } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const sizes = arg('sizes', '1M,16M,85M');
const cpuCap = arg('cpu-cap', String(1 << 24));
const only = arg('only', '');
const repeats = arg('repeats', '0');
const stat = arg('stat', 'median');
const { chromiumLaunchOptions } = await tsImport('../test/chromium.ts', import.meta.url);

const server = await createServer({
  root,
  configFile: resolve(root, 'vite.config.ts'),
  server: { host: '127.0.0.1', port: 0, strictPort: false },
  logLevel: 'warn',
});
await server.listen();
const base = server.resolvedUrls?.local[0];
let browser;
let exitCode = 0;
try {
  browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage();
  page.on('console', (msg) => console.log(`  ${msg.text()}`));
  await page.goto(`${base}tools/bench/index.html?sizes=${sizes}&cpuCap=${cpuCap}&only=${encodeURIComponent(only)}&repeats=${repeats}&stat=${stat}`);
  await page.waitForFunction(() => globalThis.__benchResult || globalThis.__benchError, null, { timeout: 20 * 60_000, polling: 1000 });
  const error = await page.evaluate(() => globalThis.__benchError);
  if (error) throw new Error(error);
  const result = await page.evaluate(() => globalThis.__benchResult);
  const out = resolve(root, 'artifacts/bench/kernels.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2) + '\n');
  printTable(result.rows);
  console.log(`\nadapter: ${result.adapter || 'unknown'}, timestamps: ${result.timestamps}; wrote ${out}`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await browser?.close();
  await server.close();
}
process.exit(exitCode);

function printTable(rows) {
  const head = ['kernel', 'elements', 'GPU ms', 'GB/s', '× copy', 'CPU ms', 'speedup'];
  const body = rows.map((r) => [
    r.kernel, r.n.toLocaleString('en-US'), r.gpuMs.toFixed(2), r.gbPerS.toFixed(2), r.ratioToCopy.toFixed(2),
    `${r.cpuMs.toFixed(0)}${r.cpuMeasuredOn < r.n ? '*' : ''}`, `${r.speedup.toFixed(1)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const b of body) console.log(line(b));
  const capped = rows.find((r) => r.cpuMeasuredOn < r.n);
  if (capped) console.log(`* CPU reference timed on ${capped.cpuMeasuredOn.toLocaleString('en-US')} elements and scaled linearly.`);
  if (rows[0]) console.log(`GPU ms: ${rows[0].stat} of ${rows[0].repeats} timed runs after a warm-up.`);
}
