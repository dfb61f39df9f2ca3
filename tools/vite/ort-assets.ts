// Serves onnxruntime-web's wasm runtime from our own origin under /ort/ (src/inference/
// ort-browser.ts sets ort.env.wasm.wasmPaths = '/ort/'): its default is a CDN, unreachable
// offline, and a cross-origin isolated page (COEP require-corp) could not load it anyway.
// Dev and the Vitest browser server get a middleware; `vite build` emits the same files.
// Only the runtime our import (`onnxruntime-web/webgpu`, the asyncify build) fetches is served
// by default: every other flavour is another 20–30 MB in the bundle.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

export const ORT_ASSET_PREFIX = '/ort/';
export const DEFAULT_ORT_FILES = ['ort-wasm-simd-threaded.asyncify.wasm', 'ort-wasm-simd-threaded.asyncify.mjs'];

function ortDistDir(): string {
  const require = createRequire(import.meta.url);
  // The package's exports hide package.json paths; resolve a file it exports instead.
  return path.dirname(require.resolve('onnxruntime-web/webgpu'));
}

const contentType = (file: string) => (file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');

export function ortAssets(options: { files?: readonly string[] } = {}): Plugin {
  const files = options.files ?? DEFAULT_ORT_FILES;
  let dist = '';
  const read = (file: string) => readFileSync(path.join(dist, file));
  return {
    name: 'bitlab:ort-assets',
    configResolved() {
      dist = ortDistDir();
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0]!;
        if (!url.startsWith(ORT_ASSET_PREFIX)) return next();
        const file = url.slice(ORT_ASSET_PREFIX.length);
        if (!files.includes(file)) return next();
        res.setHeader('Content-Type', contentType(file));
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        // This middleware answers before Vite's own header middleware, so it sets the isolation
        // headers itself: ORT starts its wasm threads as module workers from the .mjs, and a
        // cross-origin-isolated page cannot start a worker whose script lacks COEP — the thread
        // pool then never comes up and session creation waits forever.
        res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
        res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(read(file));
      });
    },
    generateBundle() {
      for (const file of files) {
        this.emitFile({ type: 'asset', fileName: `${ORT_ASSET_PREFIX.slice(1)}${file}`, source: read(file) });
      }
    },
  };
}
