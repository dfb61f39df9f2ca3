// The initial-JS budget (issue 7): what a student downloads before the notebook can render —
// the index.html entry chunk and every chunk it imports statically — stays under 400 kB
// gzipped. `vite build` fails when it does not; lazy chunks (charts, the tokenizer, the
// workers) do not count.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin, Rolldown } from 'vite';

type OutputBundle = Rolldown.OutputBundle;
type OutputChunk = Rolldown.OutputChunk;

export const INITIAL_JS_BUDGET_GZIP_BYTES = 400_000;

export const gzipBytes = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).byteLength;

export interface InitialJs {
  files: string[];
  bytes: number;
  gzipBytes: number;
}

/** The entry chunk of `html` (e.g. index.html) and its static imports, transitively. */
export function initialJsOf(bundle: OutputBundle, html: string): InitialJs {
  const chunks = Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');
  const entry = chunks.find((c) => c.isEntry && c.facadeModuleId !== null && path.basename(c.facadeModuleId) === html);
  if (!entry) throw new Error(`bitlab:bundle-budget: no entry chunk for ${html}`);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const chunk = bundle[file];
    if (chunk?.type === 'chunk') chunk.imports.forEach(visit);
  };
  visit(entry.fileName);
  const files = [...seen].sort();
  const code = files.map((f) => (bundle[f] as OutputChunk).code);
  return { files, bytes: code.reduce((s, c) => s + Buffer.byteLength(c), 0), gzipBytes: code.reduce((s, c) => s + gzipBytes(c), 0) };
}

/** The same from a built folder: the module script and modulepreload links of its index.html. */
export function initialJsOfDist(dist: string): InitialJs {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script type="module"[^>]*\ssrc|link rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((m) => m[1]!).sort();
  const code = files.map((f) => readFileSync(path.join(dist, f)));
  return { files, bytes: code.reduce((s, c) => s + c.byteLength, 0), gzipBytes: code.reduce((s, c) => s + gzipBytes(c), 0) };
}

export function bundleBudget(): Plugin {
  return {
    name: 'bitlab:bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const initial = initialJsOf(bundle, 'index.html');
      const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
      if (initial.gzipBytes > INITIAL_JS_BUDGET_GZIP_BYTES) {
        this.error(`initial JS is ${kB(initial.gzipBytes)} gzipped (${initial.files.join(', ')}), over the ${kB(INITIAL_JS_BUDGET_GZIP_BYTES)} budget: load the new code lazily (React.lazy / import()).`);
      }
      this.info(`initial JS ${kB(initial.gzipBytes)} gzipped (${kB(initial.bytes)} raw, ${initial.files.length} chunks), budget ${kB(INITIAL_JS_BUDGET_GZIP_BYTES)}`);
    },
  };
}
