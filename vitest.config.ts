import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './tools/test/chromium.ts';
import { ortAssets } from './tools/vite/ort-assets.ts';

// Two projects: "unit" runs pure TS in Node; "gpu" runs the same kind of tests inside
// headless Chromium, where WebGPU (SwiftShader) is available. A GPU test that finds no
// adapter fails: see test/gpu/setup.ts.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolationHeaders },
  test: {
    reporters: process.env.BITLAB_REPORT_DIR
      ? ['default', ['json', { outputFile: `${process.env.BITLAB_REPORT_DIR}/vitest.json` }]]
      : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'src/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        optimizeDeps: { exclude: ['onnxruntime-web'] },
        // Serves onnxruntime-web's wasm files from /ort/ (the browser server needs it per project).
        plugins: [ortAssets()],
        test: {
          name: 'gpu',
          include: ['test/gpu/**/*.test.ts'],
          setupFiles: ['test/gpu/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromiumLaunchOptions() }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
