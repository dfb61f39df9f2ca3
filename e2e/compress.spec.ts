// The compression pipeline as a student uses it: load a model (from a Hugging Face-style hub
// — a local mirror here — then again from the browser cache with the mirror gone; from local
// files), survive bad input with the previous model kept, build NF4 and INT4 and read their
// sizes, run them on both onnxruntime-web EPs. The page is e2e-pages/pipeline.html until the
// cells are part of the notebook.
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configFootprint } from '../src/core/footprint/config-footprint.ts';
import { modelFootprint } from '../src/core/footprint/model-footprint.ts';
import { encodeModel } from '../src/core/onnx/proto.ts';
import { compressModel } from '../src/core/recipes/compress.ts';
import { startHubMirror, type HubMirror } from '../test/helpers/hub-mirror.ts';
import { writeTinyModelFolder } from '../test/helpers/tiny-model-folder.ts';
import { buildTinyBert, tinyBertConfig } from '../test/helpers/tiny-bert-onnx.ts';

const shots = 'artifacts/screenshots';
mkdirSync(shots, { recursive: true });
const folder = writeTinyModelFolder(mkdtempSync(path.join(tmpdir(), 'bitlab-tiny-')));
const ids = ['test/tiny-bert', 'test/tiny-cached', 'test/tiny-drop-once', 'test/tiny-drop-twice'];
let mirror: HubMirror;

test.beforeEach(async () => {
  mirror = await startHubMirror({ models: Object.fromEntries(ids.map((id) => [id, folder])) });
});
test.afterEach(async () => {
  await mirror.close();
});

async function openPage(page: Page, id = ids[0]!) {
  await page.goto(`/e2e-pages/pipeline.html?host=${encodeURIComponent(mirror.url)}&id=${encodeURIComponent(id)}`);
}

async function loadFromHub(page: Page) {
  await page.getByRole('radio', { name: 'Hugging Face Hub' }).check();
  await page.getByRole('button', { name: 'Load' }).click();
}

// 12 quantized encoder Linears; NF4 also stores the MLM transform and decoder as fp16.
const CHANGED_LINEARS: Record<string, number> = { nf4: 14, int4: 12 };
const summary = (page: Page) => page.getByTestId('model-summary');
const loadError = (page: Page) => page.locator('[data-cell="load-model"] [role="alert"]');

test('load a model from the hub, then again from the browser cache with the hub offline', async ({ page }) => {
  await openPage(page, 'test/tiny-cached');
  await loadFromHub(page);
  await expect(page.getByTestId('model-name')).toHaveText('test/tiny-cached');
  await expect(page.getByTestId('model-linears')).toContainText('14 (12 quantized');
  expect(mirror.requests.filter((r) => r.url.endsWith('onnx/model.onnx') && r.status === 200)).toHaveLength(1);
  await mirror.close();
  await page.reload();
  await loadFromHub(page);
  await expect(page.getByTestId('model-name')).toHaveText('test/tiny-cached (from the browser cache)');
  mirror = await startHubMirror({ models: {} }); // for afterEach
});

test('load the embedded mini-BERT (offline, our own origin)', async ({ page }) => {
  await openPage(page);
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('model-name')).toHaveText('mini-bert-sotu', { timeout: 60_000 });
  await expect(page.getByTestId('model-file-size')).toHaveAttribute('data-bytes', String(statSync('public/models/mini-bert-sotu/onnx/model.onnx').size));
  const cell = page.locator('[data-cell="compress"][data-recipe="nf4"]');
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(cell.getByTestId('variant-backend')).toContainText('kernels ran on webgpu', { timeout: 60_000 });
});

test('watch a slow download (bytes, rate, time left) and cancel it', async ({ page }) => {
  const slow = await startHubMirror({ models: { 'test/tiny-slow': folder }, throttle: 20_000 });
  try {
    await page.goto(`/e2e-pages/pipeline.html?host=${encodeURIComponent(slow.url)}&id=test/tiny-slow`);
    await loadFromHub(page);
    const text = page.getByTestId('load-progress-text');
    await expect(text).toContainText(/onnx\/model\.onnx: [\d.]+ kB \/ 141\.\d kB · [\d.]+ kB\/s · \d+ s left/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByText('Loading cancelled')).toBeVisible();
    await expect(summary(page)).toHaveCount(0);
  } finally {
    await slow.close();
  }
});

test('a hub 404 and a broken download: clear messages, the previous model kept, one retry resumes', async ({ page }) => {
  await openPage(page, 'test/tiny-drop-once');
  mirror.dropConnection('tiny-drop-once/resolve/main/onnx/model.onnx', 4096, 1);
  await loadFromHub(page);
  await expect(page.getByTestId('model-name')).toHaveText('test/tiny-drop-once');
  expect(mirror.requests.some((r) => r.url.includes('tiny-drop-once') && r.range === 'bytes=4096-' && r.status === 206)).toBe(true);

  await page.getByLabel('Model id').fill('nobody/no-such-model');
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(loadError(page)).toHaveAttribute('data-code', 'not-found');
  await expect(loadError(page)).toContainText('HTTP 404');
  await expect(page.getByTestId('model-name')).toHaveText('test/tiny-drop-once');

  mirror.dropConnection('tiny-drop-twice/resolve/main/onnx/model.onnx', 2048, 2);
  await page.getByLabel('Model id').fill('test/tiny-drop-twice');
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(loadError(page)).toHaveAttribute('data-code', 'network');
  await expect(loadError(page)).toContainText('also on a retry');
  await expect(page.getByTestId('model-name')).toHaveText('test/tiny-drop-once');
});

test('load local files; a corrupt model.onnx is refused and the previous model stays', async ({ page }) => {
  await openPage(page);
  await page.getByRole('radio', { name: 'Local files' }).check();
  const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'].map((f) => path.join(folder, f));
  await page.getByLabel('Pick model files').setInputFiles(files);
  await expect(page.getByTestId('model-name')).toHaveText('model');
  await expect(page.getByTestId('model-file-size')).toHaveAttribute('data-bytes', String(encodeModel(buildTinyBert()).byteLength));

  const bad = mkdtempSync(path.join(tmpdir(), 'bitlab-bad-'));
  const bytes = encodeModel(buildTinyBert());
  writeFileSync(path.join(bad, 'model.onnx'), bytes.subarray(0, Math.floor(bytes.length / 3)));
  await page.getByLabel('Pick model files').setInputFiles([path.join(bad, 'model.onnx'), ...files.slice(0, 3)]);
  await expect(loadError(page)).toHaveAttribute('data-code', /truncated|corrupt/);
  await expect(loadError(page)).toContainText('Expected a complete ONNX protobuf');
  await expect(page.getByTestId('model-name')).toHaveText('model');
  await expect(summary(page)).toBeVisible();
  await page.locator('[data-cell="load-model"]').screenshot({ path: `${shots}/load-model-error.png` });
});

test('build NF4 and INT4: sizes equal the footprint calculators, runs on WebGPU and wasm', async ({ page }) => {
  await openPage(page);
  await loadFromHub(page);
  await expect(page.getByTestId('model-name')).toHaveText('test/tiny-bert');
  for (const recipe of ['nf4', 'int4']) {
    const cell = page.locator(`[data-cell="compress"][data-recipe="${recipe}"]`);
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(cell.getByTestId('variant-backend')).toContainText('kernels ran on webgpu');
    const result = await compressModel(buildTinyBert(), recipe);
    const expected = modelFootprint(result, { onnxFileBytes: encodeModel(result.model).byteLength });
    const fromConfig = configFootprint(tinyBertConfig(), recipe);
    expect([fromConfig.transformersBytes, fromConfig.trueBytes]).toEqual([expected.transformersBytes, expected.trueBytes]);
    const shown = async (id: string) => Number(await cell.locator(`[data-footprint="${id}"] [data-bytes]`).getAttribute('data-bytes'));
    expect(await shown('transformers')).toBe(expected.transformersBytes);
    expect(await shown('true')).toBe(expected.trueBytes);
    expect(await shown('file')).toBe(expected.onnxFileBytes);
    await expect(cell.getByRole('table', { name: `Per-layer SQNR of ${recipe}` }).locator('tbody tr')).toHaveCount(CHANGED_LINEARS[recipe]!);
    for (const ep of ['WebGPU', 'wasm']) await cell.getByRole('button', { name: `Run on ${ep} EP` }).click();
    await expect(cell.getByTestId('run-webgpu')).toContainText('logits vs fp32');
    await expect(cell.getByTestId('run-wasm')).toContainText('logits vs fp32');
  }
  await page.screenshot({ path: `${shots}/compress-pipeline.png`, fullPage: true });
});

test('download the NF4 file and the model folder as a zip', async ({ page }) => {
  await openPage(page);
  await loadFromHub(page);
  const cell = page.locator('[data-cell="compress"][data-recipe="nf4"]');
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  const [onnx] = await Promise.all([page.waitForEvent('download'), cell.getByRole('button', { name: 'Download model_bnb4.onnx' }).click()]);
  expect(onnx.suggestedFilename()).toBe('model_bnb4.onnx');
  const expected = encodeModel((await compressModel(buildTinyBert(), 'nf4')).model);
  expect(Buffer.from(readFileSync(await onnx.path())).equals(Buffer.from(expected))).toBe(true);
  const [zip] = await Promise.all([page.waitForEvent('download'), cell.getByRole('button', { name: 'Download folder (.zip)' }).click()]);
  const entries = unzipSync(new Uint8Array(readFileSync(await zip.path())));
  expect(Object.keys(entries).filter((n) => !n.endsWith('/')).sort()).toEqual(['test-tiny-bert/config.json', 'test-tiny-bert/onnx/model_bnb4.onnx', 'test-tiny-bert/tokenizer.json', 'test-tiny-bert/tokenizer_config.json']);
  expect(Buffer.from(entries['test-tiny-bert/onnx/model_bnb4.onnx']!).equals(Buffer.from(expected))).toBe(true);
});
