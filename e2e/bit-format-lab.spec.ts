// The instructor's first demo, as a student would do it: type a number, read its bits,
// flip one, share the screen by link.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const shots = 'artifacts/screenshots';
mkdirSync(shots, { recursive: true });

async function bitsOf(page: Page, format: string): Promise<string> {
  const row = page.locator(`.format-row[data-format="${format}"] .bits button`);
  return (await row.allTextContents()).join('');
}

test('type 5.25, read the FP16 bits, flip the sign bit, see −5.25', async ({ page }) => {
  await page.goto('/');
  const value = page.getByLabel('Value', { exact: true });
  await value.fill('5.25');
  expect(await bitsOf(page, 'fp16')).toBe('0100010101000000');
  await expect(page.getByTestId('fp16-hex')).toHaveText('0x4540');
  await expect(page.getByTestId('fp32-hex')).toHaveText('0x40A80000');
  await expect(page.getByTestId('bf16-hex')).toHaveText('0x40A8');
  await expect(page.getByTestId('fp16-explanation')).toContainText('17');

  const fp16 = page.getByRole('group', { name: 'FP16 bits' });
  await fp16.getByRole('button', { name: 'bit 15 (sign): 0' }).click();
  await expect(value).toHaveValue('-5.25');
  await expect(page.getByTestId('fp16-decoded')).toHaveText('−5.25');
  expect(await bitsOf(page, 'fp16')).toBe('1100010101000000');
  await page.screenshot({ path: `${shots}/lab-minus-5.25.png`, fullPage: false });
});

test('a link reproduces the screen', async ({ page, browser }) => {
  await page.goto('/');
  await page.getByLabel('Value', { exact: true }).fill('449');
  await page.getByLabel('FP8: saturate overflow to ±max').check();
  await page.getByRole('button', { name: 'Add an outlier' }).click();
  await expect(page.getByTestId('fp8-e4m3-decoded')).toHaveText('448');
  const url = page.url();
  expect(url).toContain('v=449');

  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto(url);
  await expect(second.getByLabel('Value', { exact: true })).toHaveValue('449');
  await expect(second.getByTestId('fp8-e4m3-decoded')).toHaveText('448');
  await expect(second.getByRole('button', { name: 'Remove the outlier' })).toBeVisible();
  expect(await bitsOf(second, 'fp16')).toBe(await bitsOf(page, 'fp16'));
  await other.close();
});

test('bad input shows a message and keeps the last good state', async ({ page }) => {
  await page.goto('/?v=5.25');
  const value = page.getByLabel('Value', { exact: true });
  await value.fill('five');
  await expect(page.getByRole('status').filter({ hasText: /number/i }).first()).toBeVisible();
  expect(await bitsOf(page, 'fp16')).toBe('0100010101000000');
  await value.fill('');
  expect(await bitsOf(page, 'fp16')).toBe('0100010101000000');
  await page.getByLabel('Block absmax (INT8, INT4, FP4, NF4)').fill('0');
  await expect(page.getByText(/Absmax must be a positive/)).toBeVisible();
  await value.fill('1e999');
  await expect(page.getByTestId('fp16-decoded')).toHaveText('+Inf');
});

test('presets show the right bits', async ({ page }) => {
  await page.goto('/');
  const expected: Record<string, Record<string, string>> = {
    '65504': { fp16: '0x7BFF' },
    '65520': { fp16: '0x7C00' },
    '0.1': { fp16: '0x2E66', fp32: '0x3DCCCCCD' },
    '−0': { fp16: '0x8000' },
    NaN: { fp16: '0x7E00' },
    Inf: { fp16: '0x7C00', 'fp8-e5m2': '0x7C' },
  };
  for (const [preset, hexes] of Object.entries(expected)) {
    await page.getByRole('button', { name: `preset ${preset}`, exact: true }).click();
    for (const [format, hex] of Object.entries(hexes)) {
      await expect(page.getByTestId(`${format}-hex`), `${preset} in ${format}`).toHaveText(hex);
    }
  }
  await page.getByRole('button', { name: 'preset 5.25', exact: true }).click();
  await page.screenshot({ path: `${shots}/lab-full.png`, fullPage: true });
});

test('present mode: large lab, keyboard steps and flips, state in the URL', async ({ page }) => {
  await page.goto('/?v=5.25');
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expect(page.locator('.app')).toHaveClass(/is-present/);
  expect(page.url()).toContain('present=1');
  // Active format is FP16: → steps to the next FP16 value, S flips the sign.
  await page.locator('body').click({ position: { x: 5, y: 400 } });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Value', { exact: true })).toHaveValue('5.25390625');
  await page.keyboard.press('s');
  await expect(page.getByLabel('Value', { exact: true })).toHaveValue('-5.25390625');
  await page.keyboard.press('ArrowDown'); // BF16
  expect(page.url()).toContain('fmt=bf16');
  await page.screenshot({ path: `${shots}/lab-present.png` });
  await page.keyboard.press('Escape');
  await expect(page.locator('.app')).not.toHaveClass(/is-present/);
});
