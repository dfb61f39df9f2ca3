// The recipes the lesson builds (and a few combinations), shared by the pipeline tests and
// the pipeline benchmark.
export const LESSON_RECIPES = [
  'fp16', 'int8', 'int8-weight-only', 'fp4', 'nf4', 'nf4-dq', 'int4',
  'prune-l1:0.2', 'prune-l1:0.4', 'prune-2of4', 'prune-ffn:0.5',
] as const;

export const EXTRA_RECIPES = [
  'fp32', 'prune-l1-global:0.3', 'prune-l1:0.4+nf4', 'prune-2of4+int4', 'int4:asym,block=16', 'int8:threshold=0',
  'prune-heads:0.5', 'prune-heads:0.25+nf4',
] as const;

/** Recipes that need a multi-head model (the default tiny BERT has one head and no head Reshapes). */
export const needsHeads = (recipe: string): boolean => recipe.includes('prune-heads');

/**
 * Every variant the notebook's cells build (src/app/App.tsx): the lesson recipes plus attention-
 * head pruning, which needs a multi-head model and so is not in LESSON_RECIPES (the tiny test
 * BERT has one head). The benchmarks build these.
 */
export const NOTEBOOK_RECIPES = [...LESSON_RECIPES, 'prune-heads:0.5'] as const;
