import { afterEach, describe, expect, it, vi } from 'vitest';
import { wasmThreads } from '../../../src/inference/wasm-threads.ts';

describe('wasm thread count', () => {
  afterEach(() => vi.unstubAllGlobals());
  const stub = (isolated: boolean, cores: number) => {
    vi.stubGlobal('crossOriginIsolated', isolated);
    vi.stubGlobal('navigator', { hardwareConcurrency: cores });
  };

  it('leaves one core to the page and uses the rest, up to 4, when cross-origin isolated', () => {
    for (const [cores, threads] of [[1, 1], [2, 1], [3, 2], [4, 3], [8, 4], [64, 4]] as const) {
      stub(true, cores);
      expect(wasmThreads(), `${cores} cores`).toBe(threads);
    }
  });

  it('stays at one thread without isolation (no SharedArrayBuffer)', () => {
    stub(false, 8);
    expect(wasmThreads()).toBe(1);
  });
});
