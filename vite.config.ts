import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { bundleBudget } from './tools/vite/bundle-budget.ts';
import { ortAssets } from './tools/vite/ort-assets.ts';
import { serviceWorker } from './tools/vite/service-worker.ts';

// Cross-origin isolation lets onnxruntime-web use wasm threads (SharedArrayBuffer).
// Both dev and preview send the headers, so measured latencies match between them.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), ortAssets(), serviceWorker(), bundleBudget()],
  server: { host: '127.0.0.1', headers: isolationHeaders },
  preview: { host: '127.0.0.1', headers: isolationHeaders },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        // The pipeline test page (e2e/compress.spec.ts) renders the load/compress cells alone.
        pipeline: fileURLToPath(new URL('./e2e-pages/pipeline.html', import.meta.url)),
        // The charts test page (e2e/charts.spec.ts) renders every comparison chart with demo data.
        charts: fileURLToPath(new URL('./e2e-pages/charts.html', import.meta.url)),
      },
    },
  },
});
