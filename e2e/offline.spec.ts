// Offline after the first load, as a student meets it: open the lesson once (the production
// build saves itself for offline use), lose the network, reload — the notebook, the
// Bit-Format Lab, the embedded model and a compress cell all still work, and the page is still
// cross-origin isolated (wasm threads).
import { expect, test, type Response } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const shots = 'artifacts/screenshots';
mkdirSync(shots, { recursive: true });

test('open the lesson once, go offline, reload: lab, embedded model and NF4 still work', async ({ page, context }) => {
  await page.goto('/');
  const status = page.getByTestId('offline-status');
  await expect(status).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(status).toHaveText('✓ Works offline');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const caches = await page.evaluate(() => window.caches.keys());
  expect(caches.filter((n) => n.startsWith('bitlab-app-'))).toHaveLength(1);

  await context.setOffline(true);
  const responses: Response[] = [];
  page.on('response', (r) => responses.push(r));
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  // The control: a file the build does not precache really is out of reach.
  expect(await page.evaluate(() => fetch('/e2e-pages/charts.html').then(() => 'fetched', () => 'failed'))).toBe('failed');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByRole('main', { name: 'Notebook' })).toBeVisible();
  await expect(status).toHaveAttribute('data-status', 'ready');

  const value = page.getByLabel('Value', { exact: true });
  await value.fill('5.25');
  await expect(page.getByTestId('fp16-hex')).toHaveText('0x4540');
  await page.getByRole('group', { name: 'FP16 bits' }).getByRole('button', { name: 'bit 15 (sign): 0' }).click();
  await expect(value).toHaveValue('-5.25');

  await page.locator('[data-cell="load-model"]').getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('model-name')).toHaveText('mini-bert-sotu', { timeout: 60_000 });
  const nf4 = page.locator('[data-cell="compress"][data-recipe="nf4"]');
  await nf4.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(nf4.getByTestId('variant-backend')).toContainText('kernels ran on webgpu', { timeout: 90_000 });
  // onnxruntime's wasm runtime (threads need the isolation) comes from the cache too.
  await nf4.getByRole('button', { name: 'Run on wasm EP' }).click();
  await expect(nf4.getByTestId('run-wasm')).toContainText('logits vs fp32', { timeout: 90_000 });

  const ours = responses.filter((r) => new URL(r.url()).pathname.match(/^\/(assets|ort|models)\//));
  const paths = ours.map((r) => new URL(r.url()).pathname);
  expect(paths).toContain('/models/mini-bert-sotu/onnx/model.onnx');
  expect(paths).toContain('/ort/ort-wasm-simd-threaded.asyncify.wasm');
  expect(ours.filter((r) => !r.fromServiceWorker()).map((r) => r.url())).toEqual([]);
  await page.screenshot({ path: `${shots}/offline-nf4.png` });
});
