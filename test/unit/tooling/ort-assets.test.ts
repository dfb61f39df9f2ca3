// The dev server's /ort/ middleware answers before Vite's header middleware, so it must send the
// isolation headers itself: without COEP on the .mjs, a cross-origin-isolated page cannot start
// ORT's wasm thread workers and session creation never returns (seen with 2 threads).
import { describe, expect, it } from 'vitest';
import type { Plugin } from 'vite';
import { DEFAULT_ORT_FILES, ORT_ASSET_PREFIX, ortAssets } from '../../../tools/vite/ort-assets.ts';

type Middleware = (req: { url?: string }, res: FakeResponse, next: () => void) => void;

class FakeResponse {
  headers = new Map<string, string>();
  body?: Uint8Array;
  setHeader(name: string, value: string) { this.headers.set(name.toLowerCase(), value); }
  end(body: Uint8Array) { this.body = body; }
}

function devMiddleware(): Middleware {
  const plugin = ortAssets() as Plugin & { configResolved: () => void; configureServer: (s: unknown) => void };
  plugin.configResolved();
  let middleware: Middleware | undefined;
  plugin.configureServer({ middlewares: { use: (m: Middleware) => (middleware = m) } });
  return middleware!;
}

describe('dev server /ort/ assets', () => {
  it('serves every ORT runtime file with COEP, COOP and CORP (the thread workers need them)', () => {
    const middleware = devMiddleware();
    for (const file of DEFAULT_ORT_FILES) {
      const res = new FakeResponse();
      let passed = false;
      // ORT imports the .mjs with a query (Vite adds ?import); the query must not matter.
      middleware({ url: `${ORT_ASSET_PREFIX}${file}?import` }, res, () => (passed = true));
      expect(passed, file).toBe(false);
      expect(res.body!.length, file).toBeGreaterThan(1000);
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
  });

  it('passes other paths on to Vite', () => {
    const middleware = devMiddleware();
    let passed = false;
    middleware({ url: '/ort/not-a-runtime-file.wasm' }, new FakeResponse(), () => (passed = true));
    expect(passed).toBe(true);
  });
});
