import { describe, expect, it } from 'vitest';
import { samePlainData } from '../../../src/features/charts/same-data.ts';

describe('samePlainData', () => {
  const onPick = () => undefined;
  const weights = new Float32Array([1, 2]);
  const chart = () => ({ variants: [{ id: 'nf4', footprint: { trueBytes: 10 }, layers: [{ layer: 'L0 query', sqnrDb: 20.5 }] }], weights, histogram: { onPick, picked: 'w' } });

  it('treats rebuilt data with the same numbers as the same', () => {
    expect(samePlainData(chart(), chart())).toBe(true);
  });

  it('sees any changed number, key or length', () => {
    const changed = chart();
    changed.variants[0]!.layers[0]!.sqnrDb = 20.6;
    expect(samePlainData(chart(), changed)).toBe(false);
    expect(samePlainData(chart(), { ...chart(), extra: 1 })).toBe(false);
    expect(samePlainData([1, 2], [1, 2, 3])).toBe(false);
    expect(samePlainData({ a: undefined }, { b: undefined })).toBe(false);
  });

  it('compares functions and typed arrays by identity', () => {
    expect(samePlainData({ weights }, { weights: new Float32Array([1, 2]) })).toBe(false);
    expect(samePlainData({ onPick }, { onPick: () => undefined })).toBe(false);
    expect(samePlainData(NaN, NaN)).toBe(true);
  });
});
