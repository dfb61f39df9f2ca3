// The service worker (built to /sw.js by tools/vite/service-worker.ts, registered only by
// production builds): after the first visit the whole lesson works offline.
//
// install  — downloads every file in the build's manifest (app chunks, onnxruntime's wasm, the
//            embedded model and its held-out text) into a cache named after the build hash.
//            Files whose revision did not change are copied from the previous build's cache
//            instead of downloaded again (the wasm and the model are 42 MB of the 45).
// activate — deletes the caches of older builds (never the hub model cache), takes control.
// fetch    — cache first for the manifest's files, network for the rest; every answer keeps
//            COOP/COEP so the page stays cross-origin isolated offline.
// A new build waits until the page asks it to take over (the update notice's Reload button),
// so an open lesson never mixes chunks of two builds.
import {
  appCacheName, isolated, REVISION_HEADER, routeOf, staleAppCaches,
  type OfflineMessage, type PageMessage, type PrecacheEntry, type PrecacheManifest,
} from './precache.ts';

// The DOM lib has no service-worker types and lib.webworker clashes with it in one program:
// the few members used here, declared locally.
interface ExtendableEvent extends Event { waitUntil(promise: Promise<unknown>): void }
interface FetchEvent extends ExtendableEvent { readonly request: Request; respondWith(response: Promise<Response>): void }
interface ExtendableMessageEvent extends ExtendableEvent { readonly data: unknown }
interface WindowClientLike { postMessage(message: OfflineMessage): void }
interface ServiceWorkerScope {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void>; matchAll(options: { includeUncontrolled: boolean; type: 'window' }): Promise<WindowClientLike[]> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

const sw = self as unknown as ServiceWorkerScope & { __BITLAB_PRECACHE__: PrecacheManifest };
const PARALLEL_DOWNLOADS = 4;

interface Build { manifest: PrecacheManifest; cacheName: string; precached: Set<string>; revisionOf: Map<string, string> }
let current: Build | undefined;
/** The build tool appends the manifest after this code (keeping the source map's lines), so it is read on first use, not at load. */
function build(): Build {
  if (current) return current;
  const manifest = sw.__BITLAB_PRECACHE__;
  current = {
    manifest,
    cacheName: appCacheName(manifest.version),
    precached: new Set(manifest.entries.map((e) => e.url)),
    revisionOf: new Map(manifest.entries.map((e) => [e.url, e.revision])),
  };
  return current;
}

async function tell(message: OfflineMessage): Promise<void> {
  for (const client of await sw.clients.matchAll({ includeUncontrolled: true, type: 'window' })) client.postMessage(message);
}

/** The same file, same revision, from an older build's cache. */
async function reusable(entry: PrecacheEntry, olderCaches: readonly Cache[]): Promise<Response | undefined> {
  for (const cache of olderCaches) {
    const hit = await cache.match(entry.url);
    if (hit?.headers.get(REVISION_HEADER) === entry.revision) return hit;
  }
  return undefined;
}

async function precacheEntry(cache: Cache, entry: PrecacheEntry, olderCaches: readonly Cache[]): Promise<void> {
  const have = await cache.match(entry.url);
  if (have?.headers.get(REVISION_HEADER) === entry.revision) return;
  const old = await reusable(entry, olderCaches);
  if (old) return cache.put(entry.url, old);
  // no-cache: revalidate with the server, so an HTTP-cached copy of an unhashed file
  // (index.html, the model) from an older deployment is not stored under the new revision.
  const response = await fetch(entry.url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`bitlab offline cache: ${entry.url} answered HTTP ${response.status}`);
  await cache.put(entry.url, isolated(response, entry.revision));
}

async function install(): Promise<void> {
  const { manifest, cacheName } = build();
  const cache = await caches.open(cacheName);
  const olderCaches = await Promise.all(staleAppCaches(await caches.keys(), cacheName).map((n) => caches.open(n)));
  const queue = [...manifest.entries];
  const totalBytes = manifest.entries.reduce((sum, e) => sum + e.bytes, 0);
  let files = 0;
  let bytes = 0;
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      await precacheEntry(cache, entry, olderCaches);
      files += 1;
      bytes += entry.bytes;
      void tell({ type: 'precache-progress', version: manifest.version, files, totalFiles: manifest.entries.length, bytes, totalBytes });
    }
  };
  // Any failure fails the install: the browser retries on the next visit, and the old build
  // (if any) keeps serving meanwhile.
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
}

async function activate(): Promise<void> {
  const { manifest, cacheName } = build();
  const stale = staleAppCaches(await caches.keys(), cacheName);
  await Promise.all(stale.map((n) => caches.delete(n)));
  await sw.clients.claim();
  await tell({ type: 'precache-done', version: manifest.version });
}

async function fromCache(request: Request, url: string): Promise<Response> {
  const { cacheName, revisionOf } = build();
  const cache = await caches.open(cacheName);
  const hit = await cache.match(url);
  if (hit) return hit;
  // Evicted or never stored (install still running in another tab): fetch and store it now.
  const response = await fetch(request.mode === 'navigate' ? url : request);
  if (response.ok) {
    const copy = isolated(response, revisionOf.get(url));
    await cache.put(url, copy.clone());
    return copy;
  }
  return isolated(response);
}

sw.addEventListener('install', (event) => event.waitUntil(install()));
sw.addEventListener('activate', (event) => event.waitUntil(activate()));
sw.addEventListener('message', (event) => {
  const message = event.data as PageMessage | undefined;
  if (message?.type === 'skip-waiting') event.waitUntil(sw.skipWaiting());
});
sw.addEventListener('fetch', (event) => {
  const route = routeOf(event.request, sw.registration.scope, build().precached);
  if (route.kind === 'precached') event.respondWith(fromCache(event.request, route.url));
  // Anything else: no respondWith, the browser fetches it as if there were no service worker.
});
