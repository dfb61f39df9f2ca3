import { describe, expect, it } from 'vitest';
import { paretoFront } from '../../../src/core/charts/pareto.ts';

const p = (id: string, x: number, y: number) => ({ id, x, y });
const ids = (points: { id: string }[]) => points.map((q) => q.id);

describe('paretoFront (minimise size x and perplexity y)', () => {
  it('keeps the non-dominated variants, sorted by size', () => {
    const points = [p('fp32', 440, 5.1), p('int8', 110, 5.2), p('nf4', 62, 5.5), p('int4', 60, 6.4), p('fp4', 62, 5.9), p('fp16', 220, 5.1)];
    // fp32 is dominated by fp16 (same perplexity, smaller); fp4 by nf4 (same size, lower ppl).
    expect(ids(paretoFront(points))).toEqual(['int4', 'nf4', 'int8', 'fp16']);
  });

  it('drops a point that ties on one axis and loses on the other', () => {
    expect(ids(paretoFront([p('a', 1, 2), p('b', 1, 3), p('c', 2, 2)]))).toEqual(['a']);
  });

  it('keeps exact duplicates on the front (neither beats the other)', () => {
    expect(ids(paretoFront([p('a', 1, 2), p('b', 1, 2), p('c', 0.5, 3)]))).toEqual(['c', 'a', 'b']);
  });

  it('leaves out points without a finite coordinate, and handles the empty case', () => {
    expect(ids(paretoFront([p('a', 1, NaN), p('b', 2, 3), p('c', Infinity, 1)]))).toEqual(['b']);
    expect(paretoFront([])).toEqual([]);
  });

  it('a single chain where each point trades size for quality is all front', () => {
    const chain = [p('a', 4, 1), p('b', 3, 2), p('c', 2, 3), p('d', 1, 4)];
    expect(ids(paretoFront(chain))).toEqual(['d', 'c', 'b', 'a']);
  });
});
