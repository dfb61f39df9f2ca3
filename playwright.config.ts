import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tools/test/chromium.ts';

// End-to-end tests drive the built app (vite preview) in Debian's Chromium with WebGPU on
// SwiftShader. Screenshots go to artifacts/screenshots (git-ignored).
const port = Number(process.env.BITLAB_E2E_PORT ?? 4273);
// Each port gets its own build folder, so two runs side by side (two developers' sessions
// on one machine) never serve each other's half-written bundle.
const outDir = `artifacts/e2e-dist-${port}`;

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
    command:
      `npx vite build --logLevel warn --outDir ${outDir} --emptyOutDir && ` +
      `npx vite preview --outDir ${outDir} --host 127.0.0.1 --port ${port} --strictPort --bypass-lock`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
