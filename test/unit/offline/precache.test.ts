// The offline service worker's decisions (src/workers/offline/precache.ts) and the manifest
// the build writes into sw.js (tools/vite/service-worker.ts).
import { describe, expect, it } from 'vitest';
import { appCacheName, isolated, REVISION_HEADER, routeOf, staleAppCaches } from '../../../src/workers/offline/precache.ts';
import { manifestOf, precached } from '../../../tools/vite/service-worker.ts';

const scope = 'https://bitlab.test/';
const files = new Set(['/index.html', '/assets/main-abc.js', '/ort/ort-wasm-simd-threaded.asyncify.wasm', '/models/mini-bert-sotu/onnx/model.onnx']);
const request = (url: string, init: { method?: string; mode?: string; headers?: Record<string, string> } = {}) =>
  ({ url, method: init.method ?? 'GET', mode: init.mode ?? 'cors', headers: new Headers(init.headers) });

describe('routeOf', () => {
  it('answers navigations to the app with the cached index.html, with or without a query', () => {
    for (const url of ['https://bitlab.test/', 'https://bitlab.test/?v=449&fmt=fp16', 'https://bitlab.test/index.html']) {
      expect(routeOf(request(url, { mode: 'navigate' }), scope, files)).toEqual({ kind: 'precached', url: '/index.html' });
    }
  });

  it('answers the manifest files from the cache, ignoring their query', () => {
    expect(routeOf(request('https://bitlab.test/assets/main-abc.js'), scope, files)).toEqual({ kind: 'precached', url: '/assets/main-abc.js' });
    expect(routeOf(request('https://bitlab.test/models/mini-bert-sotu/onnx/model.onnx?x=1'), scope, files)).toEqual({ kind: 'precached', url: '/models/mini-bert-sotu/onnx/model.onnx' });
  });

  it('leaves the hub, other origins, POSTs, range requests and unknown files to the network', () => {
    const network = { kind: 'network' };
    expect(routeOf(request('https://huggingface.co/Xenova/bert-base-cased/resolve/main/onnx/model.onnx'), scope, files)).toEqual(network);
    expect(routeOf(request('https://bitlab.test/assets/main-abc.js', { method: 'POST' }), scope, files)).toEqual(network);
    expect(routeOf(request('https://bitlab.test/models/mini-bert-sotu/onnx/model.onnx', { headers: { Range: 'bytes=4096-' } }), scope, files)).toEqual(network);
    expect(routeOf(request('https://bitlab.test/e2e-pages/pipeline.html', { mode: 'navigate' }), scope, files)).toEqual(network);
    expect(routeOf(request('https://bitlab.test/assets/old-chunk.js'), scope, files)).toEqual(network);
  });
});

describe('isolated', () => {
  it('adds COOP, COEP and CORP when the server sent none, and the revision', async () => {
    const out = isolated(new Response('hello', { status: 200, headers: { 'content-type': 'text/plain' } }), 'r1');
    expect(out.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(out.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(out.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(out.headers.get('content-type')).toBe('text/plain');
    expect(out.headers.get(REVISION_HEADER)).toBe('r1');
    expect(await out.text()).toBe('hello');
  });

  it("keeps the server's own values", () => {
    const out = isolated(new Response('', { headers: { 'Cross-Origin-Resource-Policy': 'cross-origin' } }));
    expect(out.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(out.headers.has(REVISION_HEADER)).toBe(false);
  });
});

describe('cache versions', () => {
  it('deletes only older app caches, never the hub model cache', () => {
    const current = appCacheName('new');
    expect(staleAppCaches(['bitlab-hub-v1', appCacheName('old'), current, 'other'], current)).toEqual([appCacheName('old')]);
  });
});

describe('manifestOf', () => {
  const build = new Map<string, string | Uint8Array>([
    ['index.html', '<html>'],
    ['assets/main-abc.js', 'console.log(1)'],
    ['assets/main-abc.js.map', '{}'],
    ['assets/KaTeX_Main-Regular-x.woff2', new Uint8Array(10)],
    ['assets/KaTeX_Main-Regular-x.woff', new Uint8Array(12)],
    ['assets/ort-wasm-simd-threaded.asyncify-Xy.wasm', new Uint8Array(30)],
    ['ort/ort-wasm-simd-threaded.asyncify.wasm', new Uint8Array(30)],
    ['e2e-pages/pipeline.html', '<html>'],
    ['sw.js', ''],
  ]);

  it('lists what the lesson needs, with sizes, and leaves out maps, test pages, font fallbacks and the unused wasm copy', () => {
    const m = manifestOf(build, '/');
    expect(m.entries.map((e) => [e.url, e.bytes])).toEqual([
      ['/assets/KaTeX_Main-Regular-x.woff2', 10], ['/assets/main-abc.js', 14], ['/index.html', 6], ['/ort/ort-wasm-simd-threaded.asyncify.wasm', 30],
    ]);
    expect(precached('ort/ort-wasm-simd-threaded.asyncify.mjs')).toBe(true);
  });

  it('changes the version when any file changes, and only that file\'s revision', () => {
    const a = manifestOf(build, '/');
    const b = manifestOf(new Map([...build, ['index.html', '<html lang="en">']]), '/');
    expect(b.version).not.toBe(a.version);
    const changed = b.entries.filter((e, i) => e.revision !== a.entries[i]!.revision).map((e) => e.url);
    expect(changed).toEqual(['/index.html']);
    expect(manifestOf(build, '/').version).toBe(a.version);
  });
});
