// The comparison charts as a student uses them: read each chart, open its table and find the
// same numbers, switch size convention and execution provider, save a chart as PNG and SVG.
// The page is e2e-pages/charts.html (fixed demo data from e2e-pages/charts-demo-data.ts).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { DEMO_VARIANTS } from '../e2e-pages/charts-demo-data.ts';
import { paretoFront } from '../src/core/charts/pareto.ts';
import { formatMb, formatMs, formatPpl } from '../src/features/charts/format.ts';

const shots = 'artifacts/screenshots';
mkdirSync(shots, { recursive: true });

const chart = (page: Page, id: string) => page.locator(`[data-chart="${id}"]`);
const plotLabels = (c: Locator) => c.locator('.chart-plot .recharts-label-list text').allTextContents();

/** Opens the chart's table view and returns the given column's cells. */
async function tableColumn(c: Locator, column: number, table = 0): Promise<string[]> {
  const toggle = c.getByRole('button', { name: 'Table' });
  if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  return c.locator('table').nth(table).locator(`tbody tr td:nth-child(${column})`).allTextContents();
}

async function openCharts(page: Page) {
  await page.goto('/e2e-pages/charts.html');
  await expect(page.locator('.chart-plot svg.recharts-surface')).toHaveCount(6);
}

test('the charts arrive lazily and read as labelled images', async ({ page }) => {
  const scripts: string[] = [];
  page.on('response', (r) => { if (r.url().endsWith('.js')) scripts.push(r.url()); });
  await openCharts(page);
  // recharts is in the CompareCharts chunk, fetched after the page's own entry script.
  expect(scripts.findIndex((u) => /CompareCharts-[\w-]+\.js$/.test(u))).toBeGreaterThan(0);
  for (const id of ['footprint', 'perplexity', 'latency', 'pareto', 'layer-error', 'weight-histogram']) {
    await expect(chart(page, id).getByRole('img')).toHaveAttribute('aria-label', /\w+.{40,}/);
  }
  await expect(page.locator('.chart-plot .recharts-label').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/charts.png`, fullPage: true });
});

test('every chart draws the demo numbers, and its table shows the same ones', async ({ page }) => {
  await openCharts(page);

  const footprint = chart(page, 'footprint');
  await expect(footprint.locator('.recharts-bar-rectangle')).toHaveCount(5);
  await expect(footprint.getByRole('img')).toHaveAttribute('aria-label', /size in MB, true bytes: fp32 433\.3/);
  const trueMb = DEMO_VARIANTS.map((v) => String(formatMb(v.footprint.trueBytes)));
  expect(await plotLabels(footprint)).toEqual(trueMb);
  expect(await tableColumn(footprint, 2)).toEqual(trueMb);
  await footprint.getByRole('combobox', { name: 'Size convention' }).selectOption('transformers');
  const transformersMb = DEMO_VARIANTS.map((v) => String(formatMb(v.footprint.transformersBytes)));
  await expect.poll(() => plotLabels(footprint)).toEqual(transformersMb);
  expect(await tableColumn(footprint, 2)).toEqual(transformersMb);

  const perplexity = chart(page, 'perplexity');
  await expect(perplexity.locator('.recharts-scatter-symbol')).toHaveCount(5);
  await expect(perplexity.locator('.recharts-errorBar')).toHaveCount(5);
  const ppl = DEMO_VARIANTS.map((v) => String(formatPpl(v.perplexity!.value)));
  expect(await plotLabels(perplexity)).toEqual(ppl);
  expect(await tableColumn(perplexity, 2)).toEqual(ppl);
  expect(await tableColumn(perplexity, 4)).toEqual(DEMO_VARIANTS.map((v) => String(formatPpl(v.perplexity!.high))));

  const latency = chart(page, 'latency');
  await expect(latency.locator('.recharts-bar-rectangle')).toHaveCount(5);
  expect(await plotLabels(latency)).toEqual(DEMO_VARIANTS.map((v) => String(formatMs(v.latency!.webgpu!.medianMs))));
  await latency.getByRole('radio', { name: 'wasm' }).click();
  const wasm = DEMO_VARIANTS.map((v) => String(formatMs(v.latency!.wasm!.medianMs)));
  await expect.poll(() => plotLabels(latency)).toEqual(wasm);
  expect(await tableColumn(latency, 2)).toEqual(wasm);
  // × fp32: the paired ratios as points with their intervals; fp32 itself has none (it is the baseline).
  await latency.getByRole('radio', { name: '× fp32' }).click();
  const ratios = DEMO_VARIANTS.flatMap((v) => (v.latency?.wasm?.vsFp32 ? [String(v.latency.wasm.vsFp32.value)] : []));
  await expect(latency.locator('.recharts-scatter-symbol')).toHaveCount(4);
  await expect(latency.locator('.recharts-errorBar')).toHaveCount(4);
  expect(await tableColumn(latency, 4)).toEqual(['—', ...ratios]);
  expect(await tableColumn(latency, 7)).toEqual(['—', 'faster', 'no detectable difference', 'no detectable difference', 'no detectable difference']);
  await latency.getByRole('radio', { name: 'ms' }).click();

  // The Pareto chart follows the footprint chart's convention (now transformers).
  const pareto = chart(page, 'pareto');
  const front = paretoFront(DEMO_VARIANTS.map((v) => ({ label: v.label, x: formatMb(v.footprint.transformersBytes), y: formatPpl(v.perplexity!.value) })));
  await expect(pareto.locator('.pareto-points .recharts-scatter-symbol')).toHaveCount(5);
  await expect(pareto.locator('.pareto-front .recharts-scatter-symbol')).toHaveCount(front.length);
  await expect(pareto.locator('.pareto-front .recharts-scatter-line path, .pareto-front path.recharts-curve')).toHaveCount(1);
  expect(await plotLabels(pareto)).toEqual(DEMO_VARIANTS.map((v) => v.label));
  const onFront = await tableColumn(pareto, 4);
  const names = await tableColumn(pareto, 1);
  expect(names.filter((_, i) => onFront[i] === 'yes').sort()).toEqual(front.map((p) => p.label).sort());
  expect(await tableColumn(pareto, 2)).toEqual(DEMO_VARIANTS.map((v) => String(formatMb(v.footprint.transformersBytes))));

  // fp32 leaves every layer unchanged (SQNR ∞): four lines of twelve layers.
  const layerError = chart(page, 'layer-error');
  await expect(layerError.locator('.recharts-line')).toHaveCount(4);
  await expect(layerError.locator('.recharts-line-dot')).toHaveCount(48);
  expect(await tableColumn(layerError, 1)).toHaveLength(12);
  expect((await tableColumn(layerError, 3))[0]).toBe(String(DEMO_VARIANTS[2]!.layers![0]!.sqnrDb.toFixed(1)));

  const histogram = chart(page, 'weight-histogram');
  await expect(histogram.locator('.levels-int4 .recharts-scatter-symbol')).toHaveCount(15);
  await expect(histogram.locator('.levels-fp4 .recharts-scatter-symbol')).toHaveCount(15);
  await expect(histogram.locator('.levels-nf4 .recharts-scatter-symbol')).toHaveCount(16);
  const counts = (await tableColumn(histogram, 3, 1)).map(Number);
  expect(counts).toHaveLength(48);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(4096);
  // Empty bins draw no rectangle; every other bin has one, its height proportional to the count.
  const bars = histogram.locator('.chart-plot rect.histogram-bin');
  await expect(bars).toHaveCount(counts.filter((c) => c > 0).length);
  const heights = await bars.evaluateAll((paths) => paths.map((p) => p.getBoundingClientRect().height));
  const nonEmpty = counts.filter((c) => c > 0);
  const tallest = nonEmpty.indexOf(Math.max(...nonEmpty));
  const pxPerWeight = heights[tallest]! / nonEmpty[tallest]!;
  heights.forEach((h, i) => expect(h).toBeCloseTo(nonEmpty[i]! * pxPerWeight, 0));
  const levels = await tableColumn(histogram, 2, 0);
  expect(levels[2]!.split(', ')).toHaveLength(16); // NF4

  await page.screenshot({ path: `${shots}/charts-tables.png`, fullPage: true });
});

test('the notebook export gets each chart as a PNG and its table', async ({ page }) => {
  await openCharts(page);
  type Collected = { id: string; blocks: { kind: string; key: string; pngBase64?: string; rows?: unknown[][] }[] }[];
  const sources = await page.evaluate(() => (window as unknown as { collectChartExports: () => Promise<Collected> }).collectChartExports());
  expect(sources.map((s) => s.id).sort()).toEqual(['chart-footprint', 'chart-latency', 'chart-layer-error', 'chart-pareto', 'chart-perplexity', 'chart-weight-histogram']);
  for (const source of sources) {
    expect(source.blocks[0]!.kind).toBe('image');
    expect(source.blocks[0]!.pngBase64!.startsWith('iVBORw0KGgo')).toBe(true); // PNG signature
    expect(source.blocks.slice(1).every((b) => b.kind === 'table' && b.rows!.length > 0)).toBe(true);
  }
  const footprint = sources.find((s) => s.id === 'chart-footprint')!.blocks[1]!;
  expect(footprint.rows!.map((r) => r[1])).toEqual(DEMO_VARIANTS.map((v) => formatMb(v.footprint.trueBytes)));
});

test('save a chart as PNG and as SVG', async ({ page }) => {
  await openCharts(page);
  for (const id of ['pareto', 'weight-histogram']) {
    const c = chart(page, id);
    const [png] = await Promise.all([page.waitForEvent('download'), c.getByRole('button', { name: 'PNG' }).click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const pngBytes = readFileSync((await png.path())!);
    await png.saveAs(`${shots}/chart-export-${id}.png`);
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Drawn at 2×: the IHDR width is twice the on-screen plot width.
    const box = (await c.locator('.chart-plot svg.recharts-surface').boundingBox())!;
    expect(pngBytes.readUInt32BE(16)).toBe(2 * Math.round(box.width));

    const [svg] = await Promise.all([page.waitForEvent('download'), c.getByRole('button', { name: 'SVG' }).click()]);
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    const text = readFileSync((await svg.path())!, 'utf8');
    expect(text.startsWith('<?xml')).toBe(true);
    expect(text).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(text).toContain('class="export-legend"');
    expect(text).toMatch(/font-family:/); // computed styles inlined
  }
});
