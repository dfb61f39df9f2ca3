// What the service worker (service-worker.ts) decides, kept free of service-worker globals so
// it runs in Node tests: the precache manifest written by tools/vite/service-worker.ts, cache
// names versioned by build hash, which requests it answers, and the isolation headers every
// answer carries.

/** One file of the build: its URL path and a hash of its bytes. */
export interface PrecacheEntry {
  url: string;
  revision: string;
  bytes: number;
}

/** Written into sw.js at build time. `version` is a hash over every entry. */
export interface PrecacheManifest {
  version: string;
  entries: PrecacheEntry[];
}

export const APP_CACHE_PREFIX = 'bitlab-app-';
/** Stored on each cached response so a later build can reuse an unchanged file instead of downloading it again. */
export const REVISION_HEADER = 'x-bitlab-revision';

export const appCacheName = (version: string) => `${APP_CACHE_PREFIX}${version}`;

/** Caches of other builds: deleted once this build is active. The hub model cache (bitlab-hub-v1) is never ours to delete. */
export const staleAppCaches = (names: readonly string[], current: string) =>
  names.filter((n) => n.startsWith(APP_CACHE_PREFIX) && n !== current);

/**
 * wasm threads need SharedArrayBuffer, which needs a cross-origin isolated page: the document
 * and its workers must be served with COOP same-origin and COEP require-corp, and every
 * subresource must allow being embedded. A response from the cache keeps what the server sent;
 * a host that sends nothing (plain static hosting) gets the headers from the service worker.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** A copy of `response` (streamed, not read) that carries the isolation headers and, when given, the revision. */
export function isolated(response: Response, revision?: string): Response {
  // Opaque and error responses have no readable headers to add to.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) if (!headers.has(name)) headers.set(name, value);
  if (revision !== undefined) headers.set(REVISION_HEADER, revision);
  // A fresh Response also drops `redirected`, which a navigation answer must not have.
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export type Route =
  | { kind: 'precached'; url: string }
  | { kind: 'network' };

/**
 * How the service worker answers a request. Only same-origin GETs of files in the manifest
 * come from the cache; navigations to the app (`/`, `/index.html`, any query) get index.html.
 * Everything else — the hub, other origins, range requests (a resumed download wants the
 * server's 206), test pages — goes to the network untouched.
 */
export function routeOf(request: { method: string; url: string; mode: string; headers: Headers }, scope: string, precached: ReadonlySet<string>): Route {
  if (request.method !== 'GET' || request.headers.has('range')) return { kind: 'network' };
  const url = new URL(request.url);
  const base = new URL(scope);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return { kind: 'network' };
  const path = url.pathname;
  if (request.mode === 'navigate' && (path === base.pathname || path === `${base.pathname}index.html`)) {
    const index = `${base.pathname}index.html`;
    return precached.has(index) ? { kind: 'precached', url: index } : { kind: 'network' };
  }
  return precached.has(path) ? { kind: 'precached', url: path } : { kind: 'network' };
}

/** Messages the service worker posts to its pages while it saves the app for offline use. */
export type OfflineMessage =
  | { type: 'precache-progress'; version: string; files: number; totalFiles: number; bytes: number; totalBytes: number }
  | { type: 'precache-done'; version: string };

/** Messages a page posts to a waiting service worker. */
export type PageMessage = { type: 'skip-waiting' };
