#!/usr/bin/env node
// Pipeline benchmark: serves the repo with Vite (+ the ORT assets plugin), opens
// tools/bench/pipeline.html in headless Chromium (WebGPU on SwiftShader) and writes
// artifacts/bench/pipeline-<mode>.json.  node tools/bench/run-pipeline-bench.mjs [--mode=variants|bertbase]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { tsImport } from 'tsx/esm/api';
import { createServer } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const mode = process.argv.find((a) => a.startsWith('--mode='))?.split('=')[1] ?? 'variants';
const { chromiumLaunchOptions } = await tsImport('../test/chromium.ts', import.meta.url);
const { ortAssets } = await tsImport('../vite/ort-assets.ts', import.meta.url);

const server = await createServer({ root, configFile: resolve(root, 'vite.config.ts'), plugins: [ortAssets()], server: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
await server.listen();
let browser;
let exitCode = 0;
try {
  const launch = chromiumLaunchOptions();
  // Makes measureUserAgentSpecificMemory() answer at once instead of waiting for a natural GC.
  browser = await chromium.launch({ ...launch, args: [...(launch.args ?? []), '--enable-blink-features=ForceEagerMeasureMemory', '--js-flags=--expose-gc'] });
  const page = await browser.newPage();
  page.on('console', (msg) => !/onnxruntime/.test(msg.text()) && console.log(`  ${msg.text()}`));
  await page.goto(`${server.resolvedUrls.local[0]}tools/bench/pipeline.html?mode=${mode}`);
  await page.waitForFunction(() => globalThis.__benchResult || globalThis.__benchError, null, { timeout: 20 * 60_000, polling: 1000 });
  const error = await page.evaluate(() => globalThis.__benchError);
  if (error) throw new Error(error);
  const out = resolve(root, `artifacts/bench/pipeline-${mode}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), ...(await page.evaluate(() => globalThis.__benchResult)) }, null, 2) + '\n');
  console.log(`wrote ${out}`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await browser?.close();
  await server.close();
}
process.exit(exitCode);
