// The settings a Compress cell shows for a recipe, and the recipe string they make
// (the syntax of src/core/recipes/spec.ts; defaults are left out so file names stay short).
export const PICKABLE_RECIPES = ['fp16', 'int8', 'int8-weight-only', 'fp4', 'nf4', 'nf4-dq', 'int4', 'prune-l1', 'prune-l1-global', 'prune-2of4', 'prune-ffn', 'prune-heads'] as const;

export interface RecipeSettings {
  blockSize?: number;
  threshold?: number;
  amount?: number;
}

export type SettingKind = 'blockSize' | 'threshold' | 'amount';

/** Which settings apply, with their defaults. */
export function settingsFor(base: string): Partial<Record<SettingKind, number>> {
  if (base === 'fp4' || base === 'nf4' || base === 'nf4-dq') return { blockSize: 64 };
  if (base === 'int4') return { blockSize: 32 };
  if (base === 'int8') return { threshold: 6 };
  if (base === 'prune-l1' || base === 'prune-l1-global') return { amount: 0.4 };
  if (base === 'prune-ffn' || base === 'prune-heads') return { amount: 0.5 };
  return {};
}

/** Splits a recipe like "prune-l1:0.2" or "nf4:block=128" into its base and settings. */
export function parseBase(recipe: string): { base: string; settings: RecipeSettings } {
  const [base = '', params = ''] = recipe.split(/:(.*)/s, 2);
  const settings: RecipeSettings = {};
  for (const part of params.split(',').filter(Boolean)) {
    const [key, value] = part.split('=');
    if (value === undefined && /^[\d.]+$/.test(key!)) settings.amount = Number(key);
    else if (key === 'block') settings.blockSize = Number(value);
    else if (key === 'threshold') settings.threshold = Number(value);
  }
  return { base, settings };
}

export function recipeText(base: string, settings: RecipeSettings): string {
  const defaults = settingsFor(base);
  if ('amount' in defaults) return `${base}:${settings.amount ?? defaults.amount}`;
  const params: string[] = [];
  if (settings.blockSize !== undefined && settings.blockSize !== defaults.blockSize) params.push(`block=${settings.blockSize}`);
  if (settings.threshold !== undefined && settings.threshold !== defaults.threshold) params.push(`threshold=${settings.threshold}`);
  return params.length ? `${base}:${params.join(',')}` : base;
}
