// Builds the offline service worker: src/workers/offline/service-worker.ts becomes /sw.js (a
// fixed name, so the browser finds a new build's worker at the same URL), and the precache
// manifest — every file the lesson needs, each with a hash of its bytes — is written into it.
// The manifest's own hash is the build version that names the cache (precache.ts).
//
// Hand-written rather than a PWA plugin: the worker is ~100 lines, and it has two needs a
// generic plugin does not cover without as much configuration — keeping COOP/COEP on cached
// answers, and reusing the unchanged 42 MB (wasm + model) across builds by revision.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import type { PrecacheEntry, PrecacheManifest } from '../../src/workers/offline/precache.ts';

export const SERVICE_WORKER_FILE = 'sw.js';
const SOURCE = 'src/workers/offline/service-worker.ts';

/**
 * Not precached: source maps; test pages; KaTeX's woff/ttf fallbacks (every browser with a
 * service worker takes the woff2); and the copy of onnxruntime's wasm that Vite emits next to
 * the worker chunk — the runtime is loaded from /ort/ (src/inference/ort-browser.ts), never
 * from assets/. A file left out still loads online.
 */
export function precached(file: string): boolean {
  return !(
    file.endsWith('.map') ||
    file === SERVICE_WORKER_FILE ||
    file.startsWith('e2e-pages/') ||
    /\.(woff|ttf)$/.test(file) ||
    /^assets\/ort-wasm-.*\.wasm$/.test(file)
  );
}

const revision = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`]);
}

export function manifestOf(files: ReadonlyMap<string, string | Uint8Array>, base: string): PrecacheManifest {
  const entries: PrecacheEntry[] = [...files]
    .filter(([file]) => precached(file))
    .map(([file, bytes]) => ({ url: `${base}${file}`, revision: revision(bytes), bytes: typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength }))
    .sort((a, b) => a.url.localeCompare(b.url));
  return { version: revision(JSON.stringify(entries)), entries };
}

export function serviceWorker(): Plugin {
  let config: ResolvedConfig;
  let referenceId = '';
  return {
    name: 'bitlab:service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      referenceId = this.emitFile({ type: 'chunk', id: path.resolve(config.root, SOURCE), fileName: SERVICE_WORKER_FILE });
    },
    generateBundle: {
      // After every other plugin has emitted its files (the /ort/ runtime, worker chunks).
      order: 'post',
      handler(_options, bundle) {
        const chunk = bundle[this.getFileName(referenceId)];
        if (chunk?.type !== 'chunk') throw new Error(`bitlab:service-worker: ${SERVICE_WORKER_FILE} was not built`);
        // A classic worker script: a shared chunk import would make it a module worker.
        if (chunk.imports.length > 0) throw new Error(`bitlab:service-worker: ${SERVICE_WORKER_FILE} imports ${chunk.imports.join(', ')}; keep it self-contained`);
        const files = new Map<string, string | Uint8Array>();
        if (config.publicDir) for (const file of listFiles(config.publicDir)) files.set(file, readFileSync(path.join(config.publicDir, file)));
        for (const [file, output] of Object.entries(bundle)) files.set(file, output.type === 'chunk' ? output.code : output.source);
        const manifest = manifestOf(files, config.base);
        const megabytes = manifest.entries.reduce((s, e) => s + e.bytes, 0) / 1e6;
        config.logger.info(`bitlab:service-worker: ${manifest.entries.length} files, ${megabytes.toFixed(1)} MB precached, build ${manifest.version}`);
        // Appended, so the source map's lines stay right; the worker reads it on first use.
        const assignment = `self.__BITLAB_PRECACHE__=${JSON.stringify(manifest)};\n`;
        const mapComment = chunk.code.lastIndexOf('\n//# sourceMappingURL=');
        chunk.code = mapComment < 0 ? `${chunk.code}\n${assignment}` : `${chunk.code.slice(0, mapComment + 1)}${assignment}${chunk.code.slice(mapComment + 1)}`;
      },
    },
  };
}
