// Layer 2 of the preview pipeline: DOMPurify with bitlab's settings, run where it really runs
// (a browser DOM), on the HTML that layer 1 makes from hostile answers and on raw hostile
// HTML (as if layer 1 had a bug). Uses the same Chromium as the e2e tests.
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownToUnsafeHtml, SANITIZE_CONFIG } from '../../../src/features/notebook/markdown.ts';
import { chromiumLaunchOptions } from '../../../tools/test/chromium.ts';

const purifyPath = createRequire(import.meta.url).resolve('dompurify/dist/purify.min.js');

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  await page.addScriptTag({ path: purifyPath });
});

afterAll(async () => {
  await browser?.close();
});

interface Inspection { pwned: unknown; scripts: number; handlers: string[]; jsUrls: number; html: string; katex: number; math: number; annotations: number }

async function sanitizeInPage(html: string): Promise<Inspection> {
  return page.evaluate(async ({ html, config }) => {
    const w = window as unknown as { DOMPurify: { sanitize(h: string, c: object): string }; __pwned?: unknown };
    delete w.__pwned;
    const out = document.getElementById('out')!;
    out.innerHTML = w.DOMPurify.sanitize(html, { ...config, RETURN_TRUSTED_TYPE: false });
    await new Promise((r) => setTimeout(r, 150)); // give onerror/onload a chance to fire
    const all = Array.from(out.querySelectorAll('*'));
    return {
      pwned: w.__pwned,
      scripts: out.querySelectorAll('script, iframe, object, embed, style, form').length,
      handlers: all.flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on'))),
      jsUrls: all.filter((el) => /^javascript:/i.test((el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('xlink:href') ?? '').replace(/[\s\p{Cc}]/gu, ''))).length,
      html: out.innerHTML,
      katex: out.querySelectorAll('.katex').length,
      math: out.querySelectorAll('math').length,
      annotations: out.querySelectorAll('annotation').length,
    };
  }, { html, config: SANITIZE_CONFIG });
}

const HOSTILE_ANSWERS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '[click](javascript:window.__pwned=1)',
  '![x](javascript:window.__pwned=1)',
  '<svg><script>window.__pwned=1</script></svg>',
  '<details open ontoggle="window.__pwned=1">x</details>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=1">',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '$\\href{javascript:window.__pwned=1}{x}$',
  '<a href="jav&#x09;ascript:window.__pwned=1">x</a>',
];

describe('DOMPurify with SANITIZE_CONFIG, in Chromium', () => {
  it.each(HOSTILE_ANSWERS)('an answer "%s" runs nothing and leaves no handler or script', async (answer) => {
    const result = await sanitizeInPage(markdownToUnsafeHtml(answer));
    expect(result.pwned).toBeUndefined();
    expect(result.scripts).toBe(0);
    expect(result.handlers).toEqual([]);
    expect(result.jsUrls).toBe(0);
  });

  it.each(HOSTILE_ANSWERS)('raw HTML "%s" (as if layer 1 let it through) is also neutralised', async (raw) => {
    const result = await sanitizeInPage(raw);
    expect(result.pwned).toBeUndefined();
    expect(result.scripts).toBe(0);
    expect(result.handlers).toEqual([]);
    expect(result.jsUrls).toBe(0);
  });

  it('keeps KaTeX output intact: visual HTML plus MathML with its TeX annotation', async () => {
    const result = await sanitizeInPage(markdownToUnsafeHtml('Error $\\epsilon = x - s\\,q$ is at most $\\frac{s}{2}$.'));
    expect(result.katex).toBe(2);
    expect(result.math).toBe(2);
    expect(result.annotations).toBe(2);
    expect(result.html).toContain('class="katex-html"');
  });
});
