// Recipe strings and the pruning selection rules.
import { describe, expect, it } from 'vitest';
import { RecipeError } from '../../../src/core/onnx/errors.ts';
import { l1PruneMasks, pruneCount, twoOfFourMask } from '../../../src/core/recipes/prune-select.ts';
import { parseRecipe } from '../../../src/core/recipes/spec.ts';

describe('parseRecipe', () => {
  it('reads defaults and parameters', () => {
    expect(parseRecipe('nf4').quant).toEqual({ kind: 'bnb4', type: 'nf4', doubleQuant: false, blockSize: 64, rest: 'fp16' });
    expect(parseRecipe('nf4-dq').quant).toMatchObject({ doubleQuant: true });
    expect(parseRecipe('int8').quant).toEqual({ kind: 'int8', threshold: 6, rest: 'fp16' });
    expect(parseRecipe('int8:threshold=0,rest=fp32').quant).toEqual({ kind: 'int8', threshold: 0, rest: 'fp32' });
    expect(parseRecipe('int4:asym,block=64').quant).toEqual({ kind: 'int4', symmetric: false, blockSize: 64, rest: 'fp32' });
    expect(parseRecipe('prune-l1:0.4+nf4')).toMatchObject({ prune: [{ kind: 'l1', amount: 0.4 }], quant: { kind: 'bnb4' } });
    expect(parseRecipe('prune-l1-global:25%').prune).toEqual([{ kind: 'l1-global', amount: 0.25 }]);
    expect(parseRecipe('prune-2of4').quant).toEqual({ kind: 'fp32' });
    expect(parseRecipe('prune-heads:0.25+nf4')).toMatchObject({ prune: [{ kind: 'heads', amount: 0.25 }], quant: { kind: 'bnb4', type: 'nf4' } });
    expect(parseRecipe('prune-heads:50%+prune-ffn:0.5').prune).toEqual([{ kind: 'heads', amount: 0.5 }, { kind: 'ffn', amount: 0.5 }]);
  });

  it.each([
    ['nf5', 'unknown-recipe'],
    ['prune-l1:1.5', 'bad-parameter'],
    ['prune-l1', 'bad-parameter'],
    ['prune-l1:-0.2', 'bad-parameter'],
    ['prune-heads:1', 'bad-parameter'],
    ['prune-heads:nan', 'bad-parameter'],
    ['nf4+int4', 'bad-combination'],
    ['nf4+prune-l1:0.2', 'bad-combination'],
    ['int4:block=48', 'bad-parameter'],
    ['nf4:rest=bf16', 'bad-parameter'],
  ])('%s → RecipeError %s', (text, code) => {
    try {
      parseRecipe(text);
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(RecipeError);
      expect((error as RecipeError).code).toBe(code);
      expect((error as Error).message).toMatch(/^Expected .*; found .*\./);
    }
  });
});

describe('pruning selection', () => {
  it('prunes round-half-even(amount · n) smallest magnitudes; ties in index order', () => {
    expect(pruneCount(0.5, 5)).toBe(2); // 2.5 → 2, as Python's round
    const w = Float32Array.of(0.3, -0.1, 0.2, 0.1, -0.5, 0.1);
    expect([...l1PruneMasks([w], 0.5)[0]!]).toEqual([1, 0, 1, 0, 1, 0]);
    // k = 2 of the three equal |w| = 0.1: the first two in index order go.
    expect([...l1PruneMasks([w], 1 / 3)[0]!]).toEqual([1, 0, 1, 0, 1, 1]);
  });

  it('global selection spans tensors', () => {
    const [a, b] = l1PruneMasks([Float32Array.of(1, 2, 3), Float32Array.of(0.5, 4, 0.25)], 0.5);
    expect([...a!, ...b!]).toEqual([0, 1, 1, 0, 1, 0]);
  });

  it('works on large tensors via radix select (exact count)', () => {
    const w = Float32Array.from({ length: 100_000 }, (_, i) => Math.sin(i) * (i % 7));
    const mask = l1PruneMasks([w], 0.37)[0]!;
    expect(mask.length - mask.reduce((s, v) => s + v, 0)).toBe(37_000);
    const kept = w.filter((_, i) => mask[i]).map(Math.abs);
    const pruned = w.filter((_, i) => !mask[i]).map(Math.abs);
    expect(Math.max(...pruned)).toBeLessThanOrEqual(Math.min(...kept));
  });

  it('2:4 keeps the two largest of every 4 inputs per output ([in, out] layout)', () => {
    // in = 4, out = 2: column 0 = [1, -4, 3, 2], column 1 = [5, 5, 5, 5] (ties keep lower index).
    const w = Float32Array.of(1, 5, -4, 5, 3, 5, 2, 5);
    expect([...twoOfFourMask(w, 4, 2)]).toEqual([0, 1, 1, 1, 1, 0, 0, 0]);
  });
});
