// The whole notebook as a student runs it: open it, set a short evaluation, press Run all on the
// embedded mini-BERT (load → every compress cell → evaluations), read every chart and find the
// numbers of the cells' tables in it, answer the eight reflection questions, reload — answers,
// results and settings are all still there — then change settings and see which results are
// marked stale.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { QUESTIONS } from '../src/core/notebook/questions.ts';
import { formatMb, formatPpl } from '../src/features/charts/format.ts';
import { nbformat45Violations } from '../test/unit/notebook/nbformat45-schema.ts';

const shots = 'artifacts/screenshots';
mkdirSync(shots, { recursive: true });
// Under 4 minutes on an idle 2-core machine; SwiftShader shares the CPU with everything else.
test.setTimeout(600_000);

const STALE_TEXT = 'stale: settings changed since this result';
const evaluate = (page: Page) => page.locator('[data-cell="evaluate"]');
const compressCells = (page: Page) => page.locator('[data-cell="compress"]');
const chart = (page: Page, id: string) => page.locator(`[data-chart="${id}"]`);
const plotLabels = (c: Locator) => c.locator('.chart-plot .recharts-label-list text').allTextContents();
const status = (scope: Locator) => scope.getByTestId('cell-status').first();
const answerBox = (page: Page, text: string) => page.getByRole('textbox', { name: text, exact: true });

async function tableColumn(c: Locator, column: number, table = 0): Promise<string[]> {
  const toggle = c.getByRole('button', { name: 'Table' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  return c.locator('table').nth(table).locator(`tbody tr td:nth-child(${column})`).allTextContents();
}

/** Recipe → true bytes, read from each compress cell's footprint table. */
async function trueBytesByRecipe(page: Page): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const cell of await compressCells(page).all()) {
    const bytes = await cell.locator('[data-footprint="true"] [data-bytes]').getAttribute('data-bytes');
    out.set((await cell.getAttribute('data-recipe'))!, Number(bytes));
  }
  return out;
}

async function resultsText(page: Page) {
  return {
    // The measured numbers (EP-run buttons and downloads need the bytes, so they differ after a reload).
    compress: await compressCells(page).getByTestId('compress-result').locator('table, [data-testid="variant-backend"]').allInnerTexts(),
    evaluation: await evaluate(page).getByTestId('eval-results').innerText(),
  };
}

test('Run all on the embedded model, read the charts, answer, reload, change a setting', async ({ page }) => {
  await page.goto('/');
  await expect(compressCells(page)).toHaveCount(11);
  await expect(page.getByText('Loading your saved answer…')).toHaveCount(0);
  const recipes = await compressCells(page).evaluateAll((cells) => cells.map((c) => c.getAttribute('data-recipe')!));
  expect(recipes).toEqual(['fp16', 'int8', 'fp4', 'nf4', 'nf4-dq', 'int4', 'prune-l1:0.2', 'prune-l1:0.4', 'prune-ffn:0.5', 'prune-heads:0.5', 'prune-2of4']);

  // A short evaluation on wasm (much faster than WebGPU on SwiftShader).
  await evaluate(page).getByLabel('Execution provider').selectOption('wasm');
  await evaluate(page).getByLabel('Max lines', { exact: true }).fill('12');

  const started = Date.now();
  await page.getByRole('button', { name: 'Run all' }).press('Enter'); // labelled and reachable by keyboard
  await expect(page.getByTestId('run-all-status')).toContainText(/Step \d+ of 24/);
  await expect(page.getByTestId('run-all-status')).toContainText(/Finished after [\d.]+ s \(24 steps\)/, { timeout: 480_000 });
  console.log(`Run all: ${(Date.now() - started) / 1000} s (${await page.getByTestId('run-all-status').innerText()})`);
  await expect(page.locator('[data-testid="cell-status"][data-status="error"]')).toHaveCount(0);
  for (const cell of await compressCells(page).all()) await expect(status(cell)).toHaveAttribute('data-status', 'done');
  const rows = evaluate(page).locator('tr[data-variant]');
  await expect(rows).toHaveCount(12);

  // The charts draw the cells' numbers: sizes from the compress cells, perplexities from the table.
  const bytes = await trueBytesByRecipe(page);
  const footprint = chart(page, 'footprint');
  await expect(footprint.locator('.recharts-bar-rectangle')).toHaveCount(11);
  expect(await plotLabels(footprint)).toEqual(recipes.map((r) => String(formatMb(bytes.get(r)!))));
  const ppl = await Promise.all(recipes.map(async (r) => Number(await evaluate(page).locator(`tr[data-variant="${r}"]`).getAttribute('data-perplexity'))));
  const perplexity = chart(page, 'perplexity');
  await expect(perplexity.locator('.recharts-scatter-symbol')).toHaveCount(11);
  expect(await plotLabels(perplexity)).toEqual(ppl.map((p) => String(formatPpl(p))));
  expect(await tableColumn(perplexity, 2)).toEqual(ppl.map((p) => String(formatPpl(p))));
  const latency = chart(page, 'latency');
  await latency.getByRole('radio', { name: 'wasm' }).click();
  await expect(latency.locator('.recharts-bar-rectangle')).toHaveCount(11);
  await expect(chart(page, 'pareto').locator('.pareto-points .recharts-scatter-symbol')).toHaveCount(11);
  expect(await tableColumn(chart(page, 'pareto'), 3)).toEqual(ppl.map((p) => String(formatPpl(p))));
  // Every quantized or pruned variant changes some layer: one SQNR line each (fp16 too).
  await expect(chart(page, 'layer-error').locator('.recharts-line')).toHaveCount(11);

  // The weight histogram of a layer of the loaded model, from the worker, with the 4-bit levels.
  const histogram = chart(page, 'weight-histogram');
  const layer = histogram.getByRole('combobox', { name: 'Layer' });
  await expect(histogram.locator('.levels-nf4 .recharts-scatter-symbol')).toHaveCount(16);
  const picked = (await layer.locator('option:checked').innerText()).match(/\[(\d+)×(\d+)\]/)!;
  const counts = (await tableColumn(histogram, 3, 1)).map(Number);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(Number(picked[1]) * Number(picked[2]));
  expect(await layer.locator('option').count()).toBeGreaterThan(10);
  await layer.selectOption({ index: 0 });
  await expect(histogram.locator('.chart-title')).toContainText('query');
  await page.locator('[data-cell="compare"]').screenshot({ path: `${shots}/run-all-compare.png` });

  for (const [i, q] of QUESTIONS.entries()) await answerBox(page, q.text).fill(`Answer ${i + 1}: rounding error.`);
  await expect(page.locator('.save-status[data-state="dirty"]')).toHaveCount(0);
  // One picture per cell of the finished lesson (for looking at, not for asserting); the sticky
  // Run-all bar would otherwise be drawn over the top of each cell.
  const hideBar = await page.addStyleTag({ content: '.run-all-bar { visibility: hidden; }' });
  const cells = page.locator('main.notebook > section:not(.run-all-bar)');
  for (let i = 0; i < await cells.count(); i++) {
    const kind = (await cells.nth(i).getAttribute('data-cell')) ?? 'cell';
    const recipe = (await cells.nth(i).getAttribute('data-recipe'))?.replace(/[^a-z0-9.-]/gi, '_');
    await cells.nth(i).screenshot({ path: `${shots}/lesson-${String(i + 1).padStart(2, '0')}-${kind}${recipe ? `-${recipe}` : ''}.png` });
  }
  await hideBar.evaluate((tag) => (tag as ChildNode).remove());
  const before = await resultsText(page);

  await page.reload();
  await expect(page.getByText('Loading your saved answer…')).toHaveCount(0);
  for (const [i, q] of QUESTIONS.entries()) await expect(answerBox(page, q.text)).toHaveValue(`Answer ${i + 1}: rounding error.`);
  await expect(evaluate(page).getByLabel('Execution provider')).toHaveValue('wasm');
  await expect(evaluate(page).getByLabel('Max lines', { exact: true })).toHaveValue('12');
  await expect(compressCells(page).getByTestId('compress-result')).toHaveCount(11);
  expect(await resultsText(page)).toEqual(before);
  for (const cell of await compressCells(page).all()) await expect(status(cell)).toHaveAttribute('data-status', 'done');
  // No model bytes after a reload, but nothing needs them: no rebuild is asked for.
  await expect(page.getByTestId('needs-rebuild')).toHaveCount(0);
  await expect(chart(page, 'perplexity').locator('.recharts-scatter-symbol')).toHaveCount(11);

  // Hand in: the .ipynb holds the answers, the results as tables and the charts as images; it
  // passes the nbformat 4.5 schema and brings the answers back in a fresh browser profile.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export .ipynb' }).click();
  const text = readFileSync(await (await download).path(), 'utf8');
  mkdirSync('artifacts/exports', { recursive: true });
  writeFileSync('artifacts/exports/run-all.ipynb', text);
  const notebook = JSON.parse(text) as { cells: { source: string[]; attachments?: Record<string, Record<string, string>>; metadata: { bitlab?: { kind: string } } }[] };
  expect(nbformat45Violations(notebook)).toEqual([]);
  const markdown = notebook.cells.map((c) => c.source.join('')).join('\n');
  for (const recipe of ['nf4', 'int8', 'prune-l1:0.4', 'prune-heads:0.5']) expect(markdown).toContain(`| ${recipe} |`);
  expect(notebook.cells.flatMap((c) => Object.values(c.attachments ?? {})).filter((a) => a['image/png']).length).toBeGreaterThanOrEqual(4);
  const answers = notebook.cells.filter((c) => c.metadata.bitlab?.kind === 'answer').map((c) => c.source.join(''));
  expect(answers).toEqual(QUESTIONS.map((_, i) => `Answer ${i + 1}: rounding error.`));
  const fresh = await page.context().browser()!.newContext();
  const other = await fresh.newPage();
  await other.goto('/');
  await expect(answerBox(other, QUESTIONS[0]!.text)).toHaveValue('');
  const chooser = other.waitForEvent('filechooser');
  await other.getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles({ name: 'run-all.ipynb', mimeType: 'application/x-ipynb+json', buffer: Buffer.from(text) });
  for (const [i, q] of QUESTIONS.entries()) await expect(answerBox(other, q.text)).toHaveValue(`Answer ${i + 1}: rounding error.`);
  await fresh.close();

  // A recipe setting: that compress result and its evaluation go stale, the others stay done.
  const nf4 = page.locator('section[data-cell-id="compress:nf4"]');
  await nf4.getByLabel('Block size').selectOption('128');
  await expect(status(nf4)).toHaveAttribute('data-status', 'stale');
  await expect(nf4.getByTestId('stale-reason')).toHaveText(STALE_TEXT);
  await expect(evaluate(page).locator('[data-cell-id="eval:compress:nf4"]')).toHaveAttribute('data-status', 'stale');
  await expect(evaluate(page).locator('tr[data-variant="nf4"]')).toHaveAttribute('data-stale', 'true');
  await expect(evaluate(page).locator('[data-cell-id="eval:compress:int4"]')).toHaveAttribute('data-status', 'done');
  await expect(status(page.locator('section[data-cell-id="compress:int4"]'))).toHaveAttribute('data-status', 'done');
  expect(await tableColumn(chart(page, 'perplexity'), 1)).toContain('nf4 (stale)');
  // Stale says it all (Run rebuilds it): no separate "needs a rebuild" note.
  await expect(nf4.getByTestId('needs-rebuild')).toHaveCount(0);
  // An evaluation setting: every evaluation goes stale, no compress result does.
  await evaluate(page).getByLabel('Seed', { exact: true }).fill('7');
  await expect(evaluate(page).locator('[data-testid="cell-status"][data-status="done"]')).toHaveCount(0);
  await expect(evaluate(page).locator('[data-testid="cell-status"][data-status="stale"]')).toHaveCount(12);
  // fp16's numbers are still current, but its evaluation now needs its bytes, gone since the reload.
  await expect(status(page.locator('section[data-cell-id="compress:fp16"]'))).toHaveAttribute('data-status', 'done');
  await expect(page.locator('section[data-cell-id="compress:fp16"]').getByTestId('needs-rebuild')).toBeVisible();
  await nf4.screenshot({ path: `${shots}/run-all-stale-nf4.png` });
  await evaluate(page).screenshot({ path: `${shots}/run-all-stale-evaluate.png` });

  // Settings survive a reload too, and so does the staleness they cause.
  await page.reload();
  await expect(nf4.getByLabel('Block size')).toHaveValue('128');
  await expect(evaluate(page).getByLabel('Seed', { exact: true })).toHaveValue('7');
  await expect(status(nf4)).toHaveAttribute('data-status', 'stale');
});
