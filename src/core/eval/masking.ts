// Which tokens of a line are masked. The plan is a pure function of (token ids, seed, rate), so
// every variant of a model — and every batch size or padding — is scored on exactly the same
// positions; comparing two variants then measures the weights, not the dice.
//
// Rule: of the n maskable tokens (not [CLS]/[SEP]/[PAD]/[MASK]; see EvalTokenizer.specialIds),
// k = max(1, round(rate · n)) are chosen (round half up, i.e. floor(rate·n + 0.5)) by a partial
// Fisher–Yates shuffle driven by mulberry32, and returned sorted. For evaluation every chosen
// position is replaced by [MASK] (100 %, not BERT's 80/10/10 training mix): a random or kept
// token would let the model see the answer at some positions and make the score noisier.
import { mulberry32 } from '../random.ts';
import { maskablePositions } from './tokenizer.ts';

export const DEFAULT_MASK_RATE = 0.15;
export const DEFAULT_SEED = 1234;

/**
 * How the random stream is seeded:
 * - 'per-line' (default): each line has its own generator, seeded from (seed, its ids). A line
 *   gets the same mask in any subset, order or data set.
 * - 'file': one generator for all lines in order (lines without maskable tokens draw nothing),
 *   exactly tools/mini-bert/protocol.py, so our numbers can be checked against the trainer's.
 */
export type MaskStream = 'per-line' | 'file';

export function maskCount(maskable: number, rate: number): number {
  if (maskable === 0) return 0;
  return Math.max(1, Math.floor(rate * maskable + 0.5));
}

/** Draws k of the maskable positions with `rng`; sorted ascending. */
export function drawMask(ids: ArrayLike<number>, specialIds: ReadonlySet<number>, rate: number, rng: () => number): number[] {
  const real = maskablePositions(ids, specialIds);
  const k = maskCount(real.length, rate);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (real.length - i));
    const t = real[i]!;
    real[i] = real[j]!;
    real[j] = t;
  }
  return real.slice(0, k).sort((a, b) => a - b);
}

/** The per-line plan: positions to mask in `ids` (which include [CLS]/[SEP]). */
export function planMask(ids: ArrayLike<number>, specialIds: ReadonlySet<number>, seed = DEFAULT_SEED, rate = DEFAULT_MASK_RATE): number[] {
  return drawMask(ids, specialIds, rate, mulberry32(lineSeed(ids, seed)));
}

/** FNV-1a over (seed, length, ids): equal lines get equal seeds, different lines unrelated ones. */
export function lineSeed(ids: ArrayLike<number>, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  const mix = (v: number) => {
    h ^= v >>> 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  mix(ids.length);
  for (let i = 0; i < ids.length; i++) mix(ids[i]!);
  return h;
}
