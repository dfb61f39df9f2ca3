import { afterEach, describe, expect, it, vi } from 'vitest';
import { wasmThreads } from '../../../src/inference/wasm-threads.ts';

describe('wasm thread count', () => {
  afterEach(() => vi.unstubAllGlobals());
  const stub = (isolated: boolean, cores: number) => {
    vi.stubGlobal('crossOriginIsolated', isolated);
    vi.stubGlobal('navigator', { hardwareConcurrency: cores });
  };

  it('uses every core up to 4 when cross-origin isolated (2 on a 2-core machine, not ORT’s 1)', () => {
    stub(true, 2);
    expect(wasmThreads()).toBe(2);
    stub(true, 16);
    expect(wasmThreads()).toBe(4);
    stub(true, 1);
    expect(wasmThreads()).toBe(1);
  });

  it('stays at one thread without isolation (no SharedArrayBuffer)', () => {
    stub(false, 8);
    expect(wasmThreads()).toBe(1);
  });
});
