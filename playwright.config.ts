import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tools/test/chromium.ts';

// End-to-end tests drive the built app (vite preview) in Debian's Chromium with WebGPU on
// SwiftShader. Screenshots go to artifacts/screenshots (git-ignored).
const port = Number(process.env.BITLAB_E2E_PORT ?? 4273);

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: process.env.BITLAB_REPORT_DIR
    ? [['list'], ['json', { outputFile: `${process.env.BITLAB_REPORT_DIR}/playwright.json` }]]
    : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1280, height: 900 },
  },
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
