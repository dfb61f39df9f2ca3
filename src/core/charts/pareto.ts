// The Pareto front of a size-vs-quality scatter: the variants no other variant beats on both
// axes at once. Both coordinates are minimised (smaller files, lower perplexity).

export interface ParetoPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * The non-dominated points, sorted by x ascending (so they can be joined by a line).
 * A point is dominated when another is ≤ on both axes and < on at least one. Exact duplicates
 * do not dominate each other: both stay, in input order. Points with a non-finite coordinate
 * are left out (a variant whose perplexity was not measured is not on any front).
 */
export function paretoFront<T extends ParetoPoint>(points: readonly T[]): T[] {
  const finite = points
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => Number.isFinite(p.x) && Number.isFinite(p.y));
  // Sweep by x (ties by y): every point already seen has x ≤ this one's, so this one is
  // undominated exactly when its y is below the lowest y seen so far.
  finite.sort((a, b) => a.p.x - b.p.x || a.p.y - b.p.y || a.index - b.index);
  const front: T[] = [];
  let bestY = Infinity;
  let last: T | undefined;
  for (const { p } of finite) {
    const duplicateOfLast = last !== undefined && last.x === p.x && last.y === p.y;
    if (p.y < bestY || duplicateOfLast) {
      front.push(p);
      bestY = p.y;
      last = p;
    }
  }
  return front;
}
