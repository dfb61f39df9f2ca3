// Evaluating compressed variants as a student does: load the tiny model from local files, build
// NF4, drop a text file, evaluate all built variants (fp32 first) and read perplexities with
// intervals and the paired difference; the browser's wasm numbers equal `bitlab eval` on the
// same model and text; reload and the results are still there; cancel a long run; bad input
// gives a message and loses nothing.
import { expect, test, type Page } from '@playwright/test';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { WIKITEXT2_TEST_PATH } from '../src/core/eval/datasets.ts';
import { tinyEvalText } from '../test/helpers/eval-text.ts';
import { startHubMirror } from '../test/helpers/hub-mirror.ts';
import { writeTinyModelFolder } from '../test/helpers/tiny-model-folder.ts';

const shots = 'artifacts/screenshots';
mkdirSync(shots, { recursive: true });
const dir = mkdtempSync(path.join(tmpdir(), 'bitlab-eval-'));
const folder = writeTinyModelFolder(path.join(dir, 'tiny'));
const textFile = path.join(dir, 'speech.txt');
writeFileSync(textFile, tinyEvalText(40));
const longFile = path.join(dir, 'long.txt');
writeFileSync(longFile, tinyEvalText(3000, 11));

const cell = (page: Page) => page.locator('[data-cell="evaluate"]');
const row = (page: Page, variant: string) => cell(page).locator(`tr[data-variant="${variant}"]`);
/** The results table's text without the "stale" flags (rows made with other settings get one). */
const resultNumbers = async (page: Page) => (await cell(page).getByTestId('eval-results').innerText()).replace(/^(\S+)stale\t/gm, '$1\t');

async function loadTinyAndBuildNf4(page: Page, query = '') {
  await page.goto(`/e2e-pages/pipeline.html?evaltext=/no-such-heldout.txt${query}`);
  await page.getByRole('radio', { name: 'Local files' }).check();
  await page.getByLabel('Pick model files').setInputFiles(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'].map((f) => path.join(folder, f)));
  await expect(page.getByTestId('model-name')).toHaveText('model');
  const nf4 = page.locator('[data-cell="compress"][data-recipe="nf4"]');
  await nf4.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(nf4.getByTestId('variant-backend')).toContainText('kernels ran on webgpu');
}

async function chooseFile(page: Page, file: string, { lines = 20, ep = 'wasm' } = {}) {
  await cell(page).getByLabel('Data set').selectOption('file');
  await cell(page).getByLabel('Text file').setInputFiles(file);
  await cell(page).getByLabel('Max lines').fill(String(lines));
  await cell(page).getByLabel('Execution provider').selectOption(ep);
}

test('evaluate fp32 and NF4 on a text file: same numbers as bitlab eval, kept across a reload', async ({ page }) => {
  await loadTinyAndBuildNf4(page);
  await chooseFile(page, textFile);
  await cell(page).getByRole('button', { name: 'Evaluate all built variants' }).click();
  await expect(row(page, 'nf4').getByTestId('verdict')).toHaveText(/worse than fp32|better than fp32|no significant difference/, { timeout: 60_000 });
  await expect(row(page, 'fp32').getByTestId('delta')).toHaveText('baseline');
  await expect(row(page, 'nf4').getByTestId('cpu-nodes')).toHaveText('— (wasm)');
  await expect(row(page, 'nf4').getByTestId('latency')).toContainText('tokens/s');
  // Latency against fp32 from paired rounds: the median ratio, its 95 % interval and what it allows saying.
  await expect(row(page, 'nf4').getByTestId('ratio')).toHaveText(/^\d+\.\d\d× \[\d+\.\d\d–\d+\.\d\d\] (slower|faster|no detectable difference|(slower|faster) by less than 5 %, within noise)\s*fp32 in the same rounds: \d+\.\d\d ms$/);
  await expect(row(page, 'fp32').getByTestId('ratio')).toHaveText('baseline');

  const cli = JSON.parse(execFileSync('node', ['bin/bitlab.mjs', 'eval', folder, '--text', textFile, '--max-lines', '20', '--seed', '1234', '--batch', '8', '--recipe', 'nf4', '--repeats', '1', '--json'], { encoding: 'utf8' })) as { variant: string; perplexity: number; masked_tokens: number; lines: number }[];
  for (const [variant, report] of [['fp32', cli[0]!], ['nf4', cli[1]!]] as const) {
    const shown = Number(await row(page, variant).getAttribute('data-perplexity'));
    console.log(`${variant}: browser wasm ${shown}, bitlab eval ${report.perplexity}`);
    expect(Math.abs(shown - report.perplexity) / report.perplexity).toBeLessThan(1e-6);
  }
  await page.locator('[data-cell="evaluate"]').screenshot({ path: `${shots}/evaluate-results.png` });

  const before = await cell(page).getByTestId('eval-results').innerText();
  await page.reload();
  await expect(row(page, 'nf4').getByTestId('verdict')).toBeVisible();
  expect(await cell(page).getByTestId('eval-results').innerText()).toBe(before);
});

test('cancel a long WebGPU run: it stops, earlier results stay; bad inputs give messages', async ({ page }) => {
  await loadTinyAndBuildNf4(page);
  await chooseFile(page, textFile);
  await cell(page).getByRole('button', { name: 'Run fp32' }).click();
  await expect(row(page, 'fp32')).toBeVisible({ timeout: 60_000 });
  const before = await resultNumbers(page);
  await expect(row(page, 'fp32')).toHaveAttribute('data-stale', 'false');

  await chooseFile(page, longFile, { lines: 3000, ep: 'webgpu' });
  // Other data and device: the fp32 result stays, flagged stale (its settings changed).
  await expect(row(page, 'fp32')).toHaveAttribute('data-stale', 'true');
  await cell(page).getByLabel('Batch').fill('2');
  await cell(page).getByRole('button', { name: 'Run nf4' }).click();
  await expect(cell(page).getByTestId('eval-progress')).toContainText(/\d+ \/ 3000 lines · [\d,]+ tokens\/s · .* left/, { timeout: 60_000 });
  await cell(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(cell(page).getByTestId('eval-cancelled')).toContainText('cancelled; earlier results kept');
  expect(await resultNumbers(page)).toBe(before);

  // Dropped on the cell rather than picked: the same path into the worker.
  const drop = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(['\n  \n\t\n'], 'blank.txt', { type: 'text/plain' }));
    return data;
  });
  await cell(page).dispatchEvent('drop', { dataTransfer: drop });
  await expect(cell(page).getByLabel('Data set')).toHaveValue('file');
  await cell(page).getByLabel('Max lines').fill('20');
  await cell(page).getByRole('button', { name: 'Run fp32' }).click();
  await expect(cell(page).locator('[data-code="only-empty-lines"]')).toContainText('at least one line with text');

  await cell(page).getByLabel('Data set').selectOption('embedded');
  await cell(page).getByRole('button', { name: 'Run fp32' }).click();
  await expect(cell(page).locator('[data-code="hub-failure"]')).toContainText('no-such-heldout.txt');
  expect(await resultNumbers(page)).toBe(before);

  // The classic protocol: labelled misleading, no interval claimed, nothing paired.
  await chooseFile(page, textFile);
  await cell(page).getByLabel('Protocol').selectOption('classic');
  await cell(page).getByRole('button', { name: 'Run nf4' }).click();
  const classic = cell(page).getByRole('table', { name: /classic/ });
  await expect(classic.getByRole('caption')).toContainText('classic (misleading)', { timeout: 60_000 });
  await expect(classic.locator('tr[data-variant="nf4"] [data-testid="ppl"]')).toContainText('(no interval)');
  await expect(classic.locator('tr[data-variant="nf4"] [data-testid="delta"]')).toHaveText('— (not paired)');

  // Pseudo-perplexity on a small subset: its own table, an interval, and nf4 paired with fp32 on
  // the same lines; the same number as `bitlab eval --protocol pseudo`.
  await cell(page).getByLabel('Protocol').selectOption('pseudo-perplexity');
  await expect(cell(page).getByTestId('pseudo-hint')).toContainText('one masked copy of the line per token');
  await cell(page).getByLabel('Max lines').fill('4');
  await cell(page).getByRole('button', { name: 'Evaluate all built variants' }).click();
  const pseudo = cell(page).getByRole('table', { name: /pseudo-perplexity/ });
  await expect(pseudo.locator('tr[data-variant="nf4"] [data-testid="verdict"]')).toBeVisible({ timeout: 60_000 });
  await expect(pseudo.locator('tr[data-variant="fp32"] [data-testid="ppl"]')).toContainText('[');
  const cli = JSON.parse(execFileSync('node', ['bin/bitlab.mjs', 'eval', folder, '--text', textFile, '--max-lines', '4', '--seed', '1234', '--protocol', 'pseudo', '--repeats', '1', '--json'], { encoding: 'utf8' })) as { perplexity: number; lines: number };
  const shown = Number(await pseudo.locator('tr[data-variant="fp32"]').getAttribute('data-perplexity'));
  console.log(`pseudo-perplexity fp32: browser wasm ${shown}, bitlab eval ${cli.perplexity} (${cli.lines} lines)`);
  expect(cli.lines).toBe(4);
  expect(Math.abs(shown - cli.perplexity) / cli.perplexity).toBeLessThan(1e-6);
});

test('evaluate on wikitext-2 [:10%] and all of it from a hub host the student types: the same numbers as bitlab eval --dataset', async ({ page }) => {
  const hubDir = path.join(dir, 'hub');
  const parquet = path.join(hubDir, WIKITEXT2_TEST_PATH.replace('datasets/Salesforce/wikitext/resolve/main/', ''));
  mkdirSync(path.dirname(parquet), { recursive: true });
  const rows = tinyEvalText(200, 21).split('\n').slice(0, 200);
  writeFileSync(parquet, new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'text', data: rows, type: 'STRING' }] })));
  const mirror = await startHubMirror({ models: { 'datasets/Salesforce/wikitext': hubDir } });
  try {
    await loadTinyAndBuildNf4(page);
    await cell(page).getByLabel('Data set').selectOption('wikitext');
    // The student types the mirror's address (the page's default would be huggingface.co).
    await cell(page).getByLabel('Hub host').fill('huggingface.co');
    await cell(page).getByRole('button', { name: 'Run fp32' }).click();
    await expect(cell(page).getByRole('alert')).toContainText('Expected a hub address such as https://huggingface.co');
    await cell(page).getByLabel('Hub host').fill(mirror.url);
    await cell(page).getByLabel('Execution provider').selectOption('wasm');
    // The page is cross-origin isolated (so wasm threads work) and gives ORT every core but one.
    const threads = await page.evaluate(() => (crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency - 1)) : 0));
    expect(threads).toBeGreaterThan(0);
    await expect(cell(page).getByLabel('Execution provider').locator('option[value="wasm"]')).toHaveText(`wasm (${threads} thread${threads === 1 ? '' : 's'})`);
    await cell(page).getByRole('button', { name: 'Run fp32' }).click();
    await expect(cell(page).getByRole('table', { name: /wikitext-2-test\[:10%\]/ }).locator('tr[data-variant="fp32"]')).toBeVisible({ timeout: 60_000 });
    const shown = Number(await row(page, 'fp32').getAttribute('data-perplexity'));
    // Asynchronously: the mirror answers from this process, so a blocking call would starve it.
    const { stdout } = await promisify(execFile)('node', ['bin/bitlab.mjs', 'eval', folder, '--dataset', 'wikitext-2-test[:10%]', '--hub', mirror.url, '--max-lines', '200', '--repeats', '1', '--json'], { encoding: 'utf8' });
    const cli = JSON.parse(stdout) as { perplexity: number; lines: number };
    console.log(`wikitext fp32: browser wasm ${shown}, bitlab eval ${cli.perplexity} (${cli.lines} lines)`);
    expect(Math.abs(shown - cli.perplexity) / cli.perplexity).toBeLessThan(1e-6);

    // The whole test split: its own table, the same number as `--dataset wikitext-2-test`.
    await cell(page).getByLabel('Data set').selectOption('wikitext-all');
    await cell(page).getByRole('button', { name: 'Run fp32' }).click();
    const all = cell(page).getByRole('table', { name: /wikitext-2-test\?lines/ });
    await expect(all.locator('tr[data-variant="fp32"]')).toBeVisible({ timeout: 60_000 });
    const whole = JSON.parse((await promisify(execFile)('node', ['bin/bitlab.mjs', 'eval', folder, '--dataset', 'wikitext-2-test', '--hub', mirror.url, '--max-lines', '200', '--repeats', '1', '--json'], { encoding: 'utf8' })).stdout) as { perplexity: number; lines: number };
    expect(whole.lines).toBeGreaterThan(cli.lines);
    expect(Math.abs(Number(await all.locator('tr[data-variant="fp32"]').getAttribute('data-perplexity')) - whole.perplexity) / whole.perplexity).toBeLessThan(1e-6);
  } finally {
    await mirror.close();
  }
});
