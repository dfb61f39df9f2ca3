// From text lines to what every variant is scored on: tokenized, truncated lines with their
// mask plans. Prepare once per (data set, tokenizer, settings) and reuse it for all variants,
// which is both faster and the guarantee that they see identical inputs.
import { mulberry32 } from '../random.ts';
import { EvalError, badOption } from './errors.ts';
import { DEFAULT_MASK_RATE, DEFAULT_SEED, drawMask, planMask, type MaskStream } from './masking.ts';
import type { EvalTokenizer } from './tokenizer.ts';

export const DEFAULT_MAX_LENGTH = 128;

export interface PrepareOptions {
  seed?: number;
  maskRate?: number;
  /** Ids per line including [CLS] and [SEP] (default 128), never above maxPositions. */
  maxLength?: number;
  /** The model's max_position_embeddings, when known. */
  maxPositions?: number;
  maskStream?: MaskStream;
  /** Keep only the first N usable (non-empty) lines. */
  maxLines?: number;
}

export interface PreparedLine {
  /** Index of the line in the input text. */
  source: number;
  /** [CLS] content [SEP]; the true ids (the batch builder puts [MASK] in). */
  ids: number[];
  /** Sorted positions to mask (see masking.ts). */
  mask: number[];
}

export interface PrepareStats {
  inputLines: number;
  /** Blank or whitespace-only lines, skipped. */
  emptyLines: number;
  /** Lines with text that yields no maskable token, skipped. */
  noTokenLines: number;
  /** Lines cut to maxLength, and how many content tokens that dropped. */
  truncatedLines: number;
  truncatedTokens: number;
  maskableTokens: number;
  maskedTokens: number;
}

export interface EvalSettings {
  seed: number;
  maskRate: number;
  maxLength: number;
  maskStream: MaskStream;
}

export interface PreparedEval {
  lines: PreparedLine[];
  settings: EvalSettings;
  stats: PrepareStats;
  tokenizer: Pick<EvalTokenizer, 'padId' | 'maskId' | 'clsId' | 'sepId' | 'vocabSize' | 'specialIds'>;
}

export function resolveSettings(options: PrepareOptions): EvalSettings {
  const maskRate = options.maskRate ?? DEFAULT_MASK_RATE;
  if (!(maskRate > 0 && maskRate <= 1)) throw badOption('maskRate', 'in (0, 1]', maskRate);
  const requested = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (!Number.isInteger(requested) || requested < 3) throw badOption('maxLength', 'an integer ≥ 3 ([CLS] token [SEP])', requested);
  // Positions beyond the model's embedding table do not exist: clamp rather than crash in ORT.
  const maxLength = options.maxPositions ? Math.min(requested, options.maxPositions) : requested;
  return { seed: (options.seed ?? DEFAULT_SEED) >>> 0, maskRate, maxLength, maskStream: options.maskStream ?? 'per-line' };
}

export function prepareEval(texts: readonly string[], tokenizer: EvalTokenizer, options: PrepareOptions = {}): PreparedEval {
  const settings = resolveSettings(options);
  if (options.maxLines !== undefined && !(Number.isInteger(options.maxLines) && options.maxLines > 0)) throw badOption('maxLines', 'a positive integer', options.maxLines);
  if (texts.length === 0) {
    throw new EvalError('empty-dataset', { expected: 'a data set with at least one line of text', found: 'no lines', fix: 'Choose another data set or a file with text in it.' });
  }
  const stats: PrepareStats = { inputLines: texts.length, emptyLines: 0, noTokenLines: 0, truncatedLines: 0, truncatedTokens: 0, maskableTokens: 0, maskedTokens: 0 };
  const fileRng = mulberry32(settings.seed);
  const lines: PreparedLine[] = [];
  const room = settings.maxLength - 2;
  for (let source = 0; source < texts.length && lines.length < (options.maxLines ?? Infinity); source++) {
    const text = texts[source]!;
    if (text.trim() === '') {
      stats.emptyLines++;
      continue;
    }
    let content = tokenizer.encode(text);
    if (content.length > room) {
      stats.truncatedLines++;
      stats.truncatedTokens += content.length - room;
      content = content.slice(0, room);
    }
    const ids = [tokenizer.clsId, ...content, tokenizer.sepId];
    const mask = settings.maskStream === 'file'
      ? drawMask(ids, tokenizer.specialIds, settings.maskRate, fileRng)
      : planMask(ids, tokenizer.specialIds, settings.seed, settings.maskRate);
    if (mask.length === 0) {
      stats.noTokenLines++;
      continue;
    }
    stats.maskableTokens += ids.filter((id) => !tokenizer.specialIds.has(id)).length;
    stats.maskedTokens += mask.length;
    lines.push({ source, ids, mask });
  }
  if (lines.length === 0) {
    if (stats.noTokenLines === 0) {
      throw new EvalError('only-empty-lines', { expected: 'at least one line with text', found: `${stats.emptyLines} blank lines`, fix: 'Check the file: it has only empty or whitespace lines.' });
    }
    throw new EvalError('no-tokens', {
      expected: 'text that the tokenizer turns into word tokens',
      found: `${stats.noTokenLines} non-empty lines that yield no token but special ones`,
      fix: 'Check that the tokenizer belongs to this model and the file holds ordinary text.',
    });
  }
  const { padId, maskId, clsId, sepId, vocabSize, specialIds } = tokenizer;
  return { lines, settings, stats, tokenizer: { padId, maskId, clsId, sepId, vocabSize, specialIds } };
}
