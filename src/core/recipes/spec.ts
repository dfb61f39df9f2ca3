// Recipe strings: `<step>[+<step>…]`, pruning steps first (in order), at most one
// quantization step (default fp32). Parameters follow a colon: a bare number is the amount of
// a pruning step (`prune-l1:0.4`); otherwise key=value pairs or flags (`int8:threshold=0`,
// `nf4:rest=fp32`, `int4:asym,block=64`).
import { RecipeError } from '../onnx/errors.ts';

export type RestDtype = 'fp16' | 'fp32';

export type QuantSpec =
  | { kind: 'fp32' }
  | { kind: 'fp16' }
  /** LLM.int8: row-wise int8 weights; activations quantized per row at run time. */
  | { kind: 'int8'; threshold: number; rest: RestDtype }
  | { kind: 'int8-weight-only'; rest: RestDtype }
  | { kind: 'bnb4'; type: 'nf4' | 'fp4'; doubleQuant: boolean; blockSize: number; rest: RestDtype }
  | { kind: 'int4'; blockSize: number; symmetric: boolean; rest: RestDtype };

export type PruneSpec =
  | { kind: 'l1'; amount: number }
  | { kind: 'l1-global'; amount: number }
  | { kind: '2of4' }
  /** Structured: removes this fraction of feed-forward neurons per layer (smallest L2 norm). */
  | { kind: 'ffn'; amount: number }
  /** Structured: removes this fraction of attention heads per layer (smallest L2 norm; ≥ 1 head kept). */
  | { kind: 'heads'; amount: number };

export interface RecipeSpec {
  text: string;
  prune: PruneSpec[];
  quant: QuantSpec;
}

export const QUANT_RECIPES = ['fp32', 'fp16', 'int8', 'int8-weight-only', 'fp4', 'nf4', 'nf4-dq', 'int4'] as const;
export const PRUNE_RECIPES = ['prune-l1:<amount>', 'prune-l1-global:<amount>', 'prune-2of4', 'prune-ffn:<amount>', 'prune-heads:<amount>'] as const;

const RECIPE_LIST = `${QUANT_RECIPES.join(', ')}, ${PRUNE_RECIPES.join(', ')}`;

export function parseRecipe(text: string): RecipeSpec {
  const steps = text.split('+').map((s) => s.trim()).filter(Boolean);
  if (steps.length === 0) fail('unknown-recipe', 'empty recipe');
  const prune: PruneSpec[] = [];
  let quant: QuantSpec | undefined;
  for (const step of steps) {
    const [name = '', paramText] = step.split(/:(.*)/s, 2) as [string, string | undefined];
    const params = parseParams(paramText);
    if (name.startsWith('prune-')) {
      if (quant) fail('bad-combination', `"${step}" after the quantization step`, 'Write pruning steps first: prune-l1:0.4+nf4.');
      prune.push(parsePrune(step, name, params));
      continue;
    }
    if (quant) fail('bad-combination', `two quantization steps ("${step}")`, 'Combine at most one quantization step with pruning steps.');
    quant = parseQuant(step, name, params);
  }
  return { text: steps.join('+'), prune, quant: quant ?? { kind: 'fp32' } };
}

type Params = Map<string, string>;

function parseParams(text: string | undefined): Params {
  const params: Params = new Map();
  if (!text) return params;
  for (const part of text.split(',')) {
    const [key = '', value] = part.split('=', 2).map((x) => x.trim());
    // Signed numbers, NaN and Infinity count as amounts too, so `prune-l1:-0.1` is reported
    // as a bad amount rather than as a missing one.
    const isAmount = /^[+-]?([\d.]+%?|nan|inf(inity)?)$/i.test(key);
    // A bare number is a pruning amount; any other bare word is a flag (e.g. `asym`).
    if (value === undefined) params.set(isAmount ? 'amount' : key, isAmount ? key : 'true');
    else params.set(key, value);
  }
  return params;
}

const PRUNE_KINDS = new Map<string, 'l1' | 'l1-global' | 'ffn' | 'heads'>([['prune-l1', 'l1'], ['prune-l1-global', 'l1-global'], ['prune-ffn', 'ffn'], ['prune-heads', 'heads']]);

function parsePrune(step: string, name: string, params: Params): PruneSpec {
  if (name === 'prune-2of4') return { kind: '2of4' };
  const kind = PRUNE_KINDS.get(name);
  if (!kind) fail('unknown-recipe', `"${step}"`);
  const raw = params.get('amount');
  const amount = raw?.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : Number(raw);
  if (raw === undefined || !Number.isFinite(amount) || amount < 0 || amount >= 1) {
    const what = kind === 'heads' ? 'fraction of attention heads to remove per layer (at least one head is always kept)' : 'fraction to prune';
    fail('bad-parameter', `"${step}" (amount ${raw ?? 'missing'})`, `Give the ${what} in [0, 1), e.g. ${name}:0.4 or ${name}:40%.`);
  }
  return { kind: kind!, amount } as PruneSpec;
}

function parseQuant(step: string, name: string, params: Params): QuantSpec {
  const rest = (fallback: RestDtype): RestDtype => {
    const value = params.get('rest') ?? fallback;
    if (value !== 'fp16' && value !== 'fp32') fail('bad-parameter', `rest=${value} in "${step}"`, 'Use rest=fp16 or rest=fp32.');
    return value as RestDtype;
  };
  const int = (key: string, fallback: number, ok: (v: number) => boolean, hint: string): number => {
    const value = Number(params.get(key) ?? fallback);
    if (!Number.isInteger(value) || !ok(value)) fail('bad-parameter', `${key}=${params.get(key)} in "${step}"`, hint);
    return value;
  };
  const pow2 = (v: number) => v >= 16 && v <= 4096 && (v & (v - 1)) === 0;
  switch (name) {
    case 'fp32': return { kind: 'fp32' };
    case 'fp16': return { kind: 'fp16' };
    case 'int8': {
      const threshold = Number(params.get('threshold') ?? 6);
      if (!Number.isFinite(threshold) || threshold < 0) fail('bad-parameter', `threshold=${params.get('threshold')}`, 'Give a threshold ≥ 0 (6.0 is transformers\' default; 0 turns the outlier path off).');
      return { kind: 'int8', threshold, rest: rest('fp16') };
    }
    case 'int8-weight-only': return { kind: 'int8-weight-only', rest: rest('fp32') };
    case 'fp4': case 'nf4': case 'nf4-dq':
      return {
        kind: 'bnb4', type: name === 'fp4' ? 'fp4' : 'nf4', doubleQuant: name === 'nf4-dq' || params.has('dq'),
        blockSize: int('block', 64, (v) => pow2(v) && v >= 32, 'Use a power-of-two block size from 32 to 4096 (bitsandbytes: 64).'),
        rest: rest('fp16'),
      };
    case 'int4':
      return {
        kind: 'int4', symmetric: !params.has('asym'),
        blockSize: int('block', 32, pow2, 'Use a power-of-two block size from 16 to 4096 (transformers.js q4: 32).'),
        rest: rest('fp32'),
      };
    default: return fail('unknown-recipe', `"${step}"`);
  }
}

function fail(code: 'unknown-recipe' | 'bad-parameter' | 'bad-combination', found: string, fix?: string): never {
  throw new RecipeError(code, {
    expected: `a recipe like nf4, int8:threshold=0 or prune-l1:0.4+nf4 (steps: ${RECIPE_LIST})`,
    found,
    fix: fix ?? 'Pick one of the listed recipe steps and join steps with "+".',
  });
}
