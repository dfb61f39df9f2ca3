// Full-page screenshot of a running bitlab page in the test browser, for looking at the UI:
//   npx tsx tools/screenshot.mts <url> <out.png> [width]
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './test/chromium.ts';

const [url = 'http://127.0.0.1:5173/', out = 'artifacts/screenshots/page.png', width = '1280'] = process.argv.slice(2);
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
await page.goto(url);
await page.waitForTimeout(1500);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);
