// The student's answers, as a student uses them: answer, reload, close and reopen, export,
// import elsewhere, share a hostile notebook, work in two tabs, work without storage.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { QUESTIONS, type Question } from '../src/core/notebook/questions.ts';
import { AUTOSAVE_DELAY_MS } from '../src/state/answers-store.ts';
import { nbformat45Violations } from '../test/unit/notebook/nbformat45-schema.ts';

const shots = 'artifacts/screenshots';
const exportsDir = 'artifacts/exports'; // the exported files, kept for a look by eye
mkdirSync(shots, { recursive: true });
mkdirSync(exportsDir, { recursive: true });

const ANSWERS = QUESTIONS.map((q) => `Answer ${q.number}: **rounding** adds error $\\epsilon \\le s/2$.\n\n- point one\n- point two`);

const answerBox = (page: Page, question: Question): Locator => page.getByRole('textbox', { name: question.text, exact: true });
const cellOf = (page: Page, question: Question): Locator => page.locator(`[data-question-id="${question.id}"]`);

async function openNotebook(page: Page) {
  await page.goto('/');
  // Saved answers are loaded once the status line stops saying so.
  await expect(page.getByText('Loading your saved answer…')).toHaveCount(0);
}

async function answerAll(page: Page) {
  for (const [i, question] of QUESTIONS.entries()) await answerBox(page, question).fill(ANSWERS[i]!);
  await expect(page.locator('.save-status[data-state="dirty"]')).toHaveCount(0);
}

async function expectAllAnswers(page: Page) {
  for (const [i, question] of QUESTIONS.entries()) await expect(answerBox(page, question)).toHaveValue(ANSWERS[i]!);
}

async function importFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles(file);
}

test('answer all eight questions, reload, export .ipynb and import it into a fresh browser', async ({ page, browser }) => {
  await openNotebook(page);
  for (const question of QUESTIONS) await expect(answerBox(page, question)).toHaveAttribute('placeholder', 'Write your answer here');
  await answerAll(page);
  await expect(cellOf(page, QUESTIONS[0]!).getByTestId('answer-preview').locator('.katex')).toHaveCount(1);
  await expect(cellOf(page, QUESTIONS[0]!).getByTestId('answer-preview').locator('strong')).toHaveText('rounding');

  await page.reload();
  await expectAllAnswers(page);
  await page.locator('[data-cell="reflect-quantization"]').screenshot({ path: `${shots}/answers-quantization.png` });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export .ipynb' }).click();
  const file = await (await download).path();
  expect((await download).suggestedFilename()).toBe('bitlab-notebook.ipynb');
  const text = readFileSync(file, 'utf8');
  writeFileSync(`${exportsDir}/bitlab-notebook.ipynb`, text);
  const notebook = JSON.parse(text);
  expect(nbformat45Violations(notebook)).toEqual([]);
  const sources = notebook.cells.map((c: { source: string[] }) => c.source.join(''));
  expect(sources.some((s: string) => s.startsWith('# Why compress a model?'))).toBe(true);
  expect(sources.some((s: string) => /\[open the lab with these settings\]\(http:\/\/127\.0\.0\.1:\d+\/\?v=5\.25/.test(s))).toBe(true);
  const answerCells = notebook.cells.filter((c: { metadata: { bitlab?: { kind: string } } }) => c.metadata.bitlab?.kind === 'answer');
  expect(answerCells.map((c: { source: string[] }) => c.source.join(''))).toEqual(ANSWERS);
  // Lesson text first, then the lab, then the reflections: the page's order.
  const order = ['intro-title', 'bit-format-lab', 'reflect-quantization', 'reflect-pruning']
    .map((id) => notebook.cells.findIndex((c: { id: string }) => c.id.startsWith(id)));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(order.every((i) => i > 0)).toBe(true);

  const mdDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Markdown' }).click();
  const markdown = readFileSync(await (await mdDownload).path(), 'utf8');
  writeFileSync(`${exportsDir}/bitlab-notebook.md`, markdown);
  expect(markdown).toContain('# Why compress a model?');
  expect(markdown).toContain(`<!-- bitlab:answer q8 -->\n${ANSWERS[7]}\n<!-- /bitlab:answer -->`);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openNotebook(other);
  for (const question of QUESTIONS) await expect(answerBox(other, question)).toHaveValue('');
  await importFile(other, { name: 'bitlab-notebook.ipynb', mimeType: 'application/x-ipynb+json', buffer: Buffer.from(text) });
  const notice = other.locator('.toolbar-notice');
  await expect(notice).toHaveAttribute('role', 'status');
  await expect(notice).toContainText('Imported answers from “bitlab-notebook.ipynb”.');
  await expect(notice).toContainText('Filled in questions 1, 2, 3, 4, 5, 6, 7, 8.');
  await expectAllAnswers(other);
  await other.screenshot({ path: `${shots}/import-notice.png` });
  await expect(other.locator('.save-status[data-state="dirty"]')).toHaveCount(0);
  await other.reload();
  await expectAllAnswers(other);
  await fresh.close();
});

test('autosave: text typed without leaving the box survives closing the page', async ({ context }) => {
  const page = await context.newPage();
  await openNotebook(page);
  const [first, second] = [QUESTIONS[0]!, QUESTIONS[1]!];
  await answerBox(page, first).click();
  await page.keyboard.type('Saved while I paused.');
  await page.waitForTimeout(700); // under a second, no blur
  await answerBox(page, second).click();
  await page.keyboard.type('Typed right before closing.');
  await page.close({ runBeforeUnload: true }); // no wait: pagehide and the journal must catch it

  const reopened = await context.newPage();
  await openNotebook(reopened);
  await expect(answerBox(reopened, first)).toHaveValue('Saved while I paused.');
  await expect(answerBox(reopened, second)).toHaveValue('Typed right before closing.');

  const third = QUESTIONS[2]!;
  await answerBox(reopened, third).click();
  await reopened.keyboard.type('Typed right before a reload.');
  await reopened.reload();
  await expect(answerBox(reopened, third)).toHaveValue('Typed right before a reload.');
  await expect(reopened.locator('.save-status[data-state="dirty"]')).toHaveCount(0);
  await reopened.reload();
  await expect(answerBox(reopened, third)).toHaveValue('Typed right before a reload.');
});

test('a hostile answer or notebook runs no script', async ({ page, browser }) => {
  const payload = [
    'Look: <img src=x onerror="window.__pwned = \'img\'">',
    '<script>window.__pwned = "script"</script>',
    '[click me](javascript:window.__pwned=1) $\\href{javascript:window.__pwned=2}{math}$',
  ].join('\n\n');
  await openNotebook(page);
  const question = QUESTIONS[2]!;
  await answerBox(page, question).fill(payload);
  const preview = cellOf(page, question).getByTestId('answer-preview');
  await expect(preview).toContainText('<img src=x onerror=');
  await expect(preview).toContainText('<script>');
  await preview.getByText('click me').click(); // a link whose javascript: URL was removed
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(preview.locator('img, script, iframe, [onerror], [onclick]')).toHaveCount(0);
  await expect(preview.locator('a[href^="javascript"]')).toHaveCount(0);
  await cellOf(page, question).screenshot({ path: `${shots}/hostile-answer.png` });

  // The same answer arriving in someone else's browser through a shared notebook.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export .ipynb' }).click();
  const shared = readFileSync(await (await download).path());
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openNotebook(other);
  await importFile(other, { name: 'shared.ipynb', mimeType: 'application/json', buffer: shared });
  await expect(answerBox(other, question)).toHaveValue(payload);
  await other.waitForTimeout(300);
  expect(await other.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(cellOf(other, question).getByTestId('answer-preview').locator('img, script')).toHaveCount(0);
  await fresh.close();
});

test('two tabs: a stale tab cannot overwrite newer text and is asked what to keep', async ({ context }) => {
  const question = QUESTIONS[4]!;
  const tabA = await context.newPage();
  const tabB = await context.newPage();
  // Tab B misses A's save notification (as a frozen or sleeping tab would), so only the
  // compare-before-write in IndexedDB stands between B and A's newer text.
  await tabB.addInitScript(() => delete (window as { BroadcastChannel?: unknown }).BroadcastChannel);
  await openNotebook(tabA);
  await openNotebook(tabB);

  await answerBox(tabA, question).fill('Newer text from tab A.');
  await expect(cellOf(tabA, question).locator('.save-status')).toHaveText('Saved in this browser.');
  await answerBox(tabB, question).fill('Stale edit in tab B.');
  const warning = cellOf(tabB, question).getByRole('alert');
  await expect(warning).toContainText('This answer was changed in another tab');
  await expect(answerBox(tabB, question)).toHaveValue('Stale edit in tab B.');
  await warning.getByText('Show the newer text').click();
  await expect(warning).toContainText('Newer text from tab A.');
  await cellOf(tabB, question).screenshot({ path: `${shots}/conflict-warning.png` });

  // Nothing was overwritten: a third tab shows A's text.
  const tabC = await context.newPage();
  await openNotebook(tabC);
  await expect(answerBox(tabC, question)).toHaveValue('Newer text from tab A.');
  await tabC.close();

  await warning.getByRole('button', { name: 'Load the newer text' }).click();
  await expect(answerBox(tabB, question)).toHaveValue('Newer text from tab A.');
  await expect(cellOf(tabB, question).getByRole('alert')).toHaveCount(0);
});

test('two tabs: unsaved edits in tab B are flagged the moment tab A saves; "keep mine" wins', async ({ context }) => {
  const question = QUESTIONS[5]!;
  const tabA = await context.newPage();
  const tabB = await context.newPage();
  // Hold back tab B's autosave timer (as a busy or throttled tab would), so B still has
  // unsaved edits when A's save is announced.
  await tabB.addInitScript((delay) => {
    const real = window.setTimeout.bind(window);
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) =>
      ms === delay ? 0 : real(handler, ms, ...args)) as typeof window.setTimeout;
  }, AUTOSAVE_DELAY_MS);
  await openNotebook(tabA);
  await openNotebook(tabB);
  await answerBox(tabB, question).fill('B is still typing');
  await answerBox(tabA, question).fill('A saved this');
  await expect(cellOf(tabA, question).locator('.save-status')).toHaveText('Saved in this browser.');
  const warning = cellOf(tabB, question).getByRole('alert');
  await expect(warning).toContainText('This answer was changed in another tab');
  await expect(cellOf(tabB, question).locator('.save-status')).toHaveText('Not saved: choose a version above.');
  await warning.getByRole('button', { name: 'Keep mine' }).click();
  await expect(cellOf(tabB, question).locator('.save-status')).toHaveText('Saved in this browser.');
  await expect(answerBox(tabA, question)).toHaveValue('B is still typing'); // A had no edits: it follows
});

test('without IndexedDB: a clear message, the text stays, the answers download as Markdown', async ({ browser }) => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('IndexedDB is disabled in this mode', 'SecurityError');
      },
    });
  });
  const page = await context.newPage();
  await page.goto('/');
  const message = page.getByRole('alert').filter({ hasText: 'Your answers cannot be saved in this browser.' }).first();
  await expect(message).toBeVisible();
  const question = QUESTIONS[0]!;
  await answerBox(page, question).fill('Private-mode answer.');
  await page.waitForTimeout(600);
  await expect(answerBox(page, question)).toHaveValue('Private-mode answer.');
  await expect(cellOf(page, question).locator('.save-status')).toContainText('Kept on this page only');
  await message.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/storage-unavailable.png` });
  const download = page.waitForEvent('download');
  await message.getByRole('button', { name: 'Download my answers (.md)' }).click();
  expect((await download).suggestedFilename()).toBe('bitlab-answers.md');
  const markdown = readFileSync(await (await download).path(), 'utf8');
  expect(markdown).toContain(`**${question.text}**`);
  expect(markdown).toContain('<!-- bitlab:answer q1 -->\nPrivate-mode answer.\n<!-- /bitlab:answer -->');
  await context.close();
});

test('a corrupt or foreign file: a clear message and nothing on screen lost', async ({ page }) => {
  await openNotebook(page);
  const question = QUESTIONS[3]!;
  await answerBox(page, question).fill('My answer stays.');
  await importFile(page, { name: 'notes.ipynb', mimeType: 'application/json', buffer: Buffer.from('this is not json') });
  const error = page.getByRole('alert').filter({ hasText: 'Nothing was imported from “notes.ipynb”.' });
  await expect(error).toContainText('Expected a Jupyter notebook (.ipynb) exported from bitlab, which is JSON text, but found text that is not JSON');
  await page.screenshot({ path: `${shots}/import-error.png` });
  await error.getByRole('button', { name: 'Dismiss' }).click();

  const foreign = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ id: 'a', cell_type: 'markdown', metadata: {}, source: ['# Someone else'] }] };
  await importFile(page, { name: 'other.ipynb', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(foreign)) });
  await expect(page.getByRole('alert').filter({ hasText: 'no bitlab answer cells' })).toBeVisible();
  await expect(answerBox(page, question)).toHaveValue('My answer stays.');

  // A different answer in the file is appended, never written over the student's text.
  const theirs = { ...foreign, cells: [{ id: 'b', cell_type: 'markdown', metadata: { bitlab: { kind: 'answer', questionId: question.id, schema: 1 } }, source: 'Their answer.' }] };
  await importFile(page, { name: 'theirs.ipynb', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(theirs)) });
  await expect(answerBox(page, question)).toHaveValue('My answer stays.\n\n---\n\n*Imported from theirs.ipynb:*\n\nTheir answer.');
  await expect(page.locator('.toolbar-notice')).toContainText('Question 4 already had different text');
});

test('Alt+ArrowDown / Alt+ArrowUp move between cells; print shows answers, not controls', async ({ page }) => {
  await openNotebook(page);
  const [q1, q2, q3] = [QUESTIONS[0]!, QUESTIONS[1]!, QUESTIONS[2]!];
  await answerBox(page, q1).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(answerBox(page, q2)).toBeFocused();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(answerBox(page, q3)).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(answerBox(page, q1)).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.locator('[data-cell="evaluate"]')).toBeFocused();

  await answerBox(page, q1).fill('A long answer.\n\n'.repeat(30) + 'The last line.');
  await page.emulateMedia({ media: 'print' });
  await expect(answerBox(page, q1)).toBeHidden();
  await expect(page.getByRole('button', { name: 'Export .ipynb' })).toBeHidden();
  const preview = cellOf(page, q1).getByTestId('answer-preview');
  await expect(preview.getByText('The last line.')).toBeVisible();
  const box = await preview.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
  expect(box.scroll).toBeLessThanOrEqual(box.client + 1); // shown whole, not scrolled
  await expect(cellOf(page, q2).getByText('(not answered)')).toBeVisible();
  await page.locator('[data-cell="reflect-quantization"]').screenshot({ path: `${shots}/print.png` });
});
