// The classic notebook's evaluation, reproduced on purpose and labelled "classic (misleading)"
// so the app can show side by side why its numbers mislead (errata §8). Per example, as in
// the notebook's evaluate_model_efficiency():
//   ids = tokenizer(text, truncation=True, padding="max_length", max_length=128)
//   mask = torch.rand(ids.shape) < 0.15       ← unseeded: new positions for every model
//   labels = ids where mask, else −100         ← [CLS], [SEP] and [PAD] can be scored
//   loss = model(**inputs, labels).loss        ← inputs are NOT masked: the model sees the answer
//   perplexity = exp(mean over examples of loss)  ← every example weighs the same
// Empty lines are kept (they are [CLS] [SEP] + padding). A line whose draw masks nothing has
// no loss (PyTorch returns NaN and the notebook's average becomes NaN); we leave it out and
// count it instead, which only happens with short max lengths.
import { mulberry32 } from '../random.ts';
import type { RunModel, ScoreItem } from './batch.ts';
import { EvalError } from './errors.ts';
import { scoreItems, type LineScores, type RunOptions } from './engine.ts';
import { resolveSettings } from './prepare.ts';
import type { EvalTokenizer } from './tokenizer.ts';

export interface ClassicOptions extends RunOptions {
  /** The notebook draws unseeded masks; leave undefined for a fresh random seed per run. */
  seed?: number;
  maxLength?: number;
  maxPositions?: number;
  /** First N rows, empty ones included (the notebook scores fp16 on `dataset.select(range(10))`). */
  maxLines?: number;
}

export interface ClassicRun {
  protocol: 'classic';
  label: 'classic (misleading)';
  /** exp(mean over examples of each example's mean masked loss). */
  perplexity: number;
  loss: number;
  /** Top-1 hits / scored positions — inflated, since the inputs show the targets. */
  accuracy: number;
  lines: number;
  emptyLines: number;
  linesWithoutMask: number;
  maskedTokens: number;
  /** Scored positions that held [PAD], [CLS] or [SEP]. */
  maskedSpecialTokens: number;
  seed: number;
  maxLength: number;
  scores: LineScores;
  seconds: number;
}

export async function evaluateClassic(texts: readonly string[], tokenizer: EvalTokenizer, runModel: RunModel, options: ClassicOptions = {}): Promise<ClassicRun> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const { maxLength } = resolveSettings({ maxLength: options.maxLength, maxPositions: options.maxPositions });
  const rows = texts.slice(0, options.maxLines ?? texts.length);
  if (rows.length === 0) throw new EvalError('empty-dataset', { expected: 'a data set with at least one line', found: 'no lines', fix: 'Choose another data set.' });
  const rng = mulberry32(seed);
  const items: ScoreItem[] = [];
  let emptyLines = 0;
  let linesWithoutMask = 0;
  let maskedSpecialTokens = 0;
  for (const text of rows) {
    if (text.trim() === '') emptyLines++;
    const content = tokenizer.encode(text).slice(0, maxLength - 2);
    const ids = [tokenizer.clsId, ...content, tokenizer.sepId];
    const attended = ids.length;
    while (ids.length < maxLength) ids.push(tokenizer.padId);
    const positions: number[] = [];
    for (let p = 0; p < maxLength; p++) if (rng() < 0.15) positions.push(p);
    if (positions.length === 0) {
      linesWithoutMask++;
      continue;
    }
    const targets = positions.map((p) => ids[p]!);
    maskedSpecialTokens += targets.filter((id) => id === tokenizer.padId || id === tokenizer.clsId || id === tokenizer.sepId).length;
    items.push({ line: items.length, input: ids, attended, positions, targets });
  }
  if (items.length === 0) {
    throw new EvalError('no-tokens', { expected: 'at least one line with a masked position', found: `${linesWithoutMask} lines whose draw masked nothing`, fix: 'Use a longer maximum length or more lines.' });
  }
  const run = await scoreItems(items, items.length, runModel, tokenizer.padId, tokenizer.vocabSize, options);
  const { nll, count, correct } = run.scores;
  const meanOfMeans = nll.reduce((s, v, i) => s + v / count[i]!, 0) / nll.length;
  const maskedTokens = count.reduce((a, b) => a + b, 0);
  return {
    protocol: 'classic', label: 'classic (misleading)', perplexity: Math.exp(meanOfMeans), loss: meanOfMeans,
    accuracy: correct.reduce((a, b) => a + b, 0) / maskedTokens, lines: items.length, emptyLines, linesWithoutMask,
    maskedTokens, maskedSpecialTokens, seed, maxLength, scores: run.scores, seconds: run.seconds,
  };
}
