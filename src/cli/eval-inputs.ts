// What `bitlab eval` reads from disk: the tokenizer folder, the text file, and the model's
// maximum positions. Kept apart from the command so tests and scripts can reuse it.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelProto } from 'onnx-buf';
import { DEFAULT_HUB_HOST, fetchDatasetBytes, firstPercent, linesFromBytes, readParquetText, wikitext2TestUrl } from '../core/eval/datasets.ts';
import type { EvalTokenizer } from '../core/eval/tokenizer.ts';
import { dimsOf } from '../core/onnx/tensor.ts';
import { tokenizerFromJson } from '../inference/tokenizer.ts';
import { CliInputError, readJson, statOrUndefined } from './load-model.ts';

export const DEFAULT_MODEL_DIR = 'public/models/mini-bert-sotu';
export const DEFAULT_TEXT = 'public/data/mini-bert-sotu.txt';

/** A folder with tokenizer.json and tokenizer_config.json (a model folder usually has both). */
export async function loadTokenizerDir(dir: string): Promise<EvalTokenizer> {
  const json = path.join(dir, 'tokenizer.json');
  const config = path.join(dir, 'tokenizer_config.json');
  if (!statOrUndefined(json)) {
    throw new CliInputError(`Expected ${json}; found ${statOrUndefined(dir) ? 'a folder without it' : 'no such folder'}. Pass --tokenizer <folder with tokenizer.json and tokenizer_config.json>.`);
  }
  return tokenizerFromJson(readJson(json), statOrUndefined(config) ? readJson(config) : {});
}

export const HUB_DATASETS = ['wikitext-2-test', 'wikitext-2-test[:10%]'] as const;

export interface TextSource {
  /** A text file (one paragraph per line) or a parquet file with a "text" column. */
  text?: string;
  /** A hub data set, fetched from `hub` (default huggingface.co). */
  dataset?: string;
  hub?: string;
}

/** The evaluation lines and a name for them (for result keys). */
export async function readEvalLines(source: TextSource): Promise<{ lines: string[]; name: string }> {
  if (source.dataset !== undefined) {
    if (!(HUB_DATASETS as readonly string[]).includes(source.dataset)) throw new CliInputError(`Expected --dataset ${HUB_DATASETS.join(' | ')}; found "${source.dataset}".`);
    const rows = await readParquetText(await fetchDatasetBytes(wikitext2TestUrl(source.hub ?? DEFAULT_HUB_HOST)));
    // The classic lesson's split="test[:10%]".
    return { lines: source.dataset.endsWith('[:10%]') ? firstPercent(rows, 10) : rows, name: source.dataset };
  }
  const file = source.text ?? DEFAULT_TEXT;
  if (!statOrUndefined(file)) throw new CliInputError(`Expected a text file (one paragraph per line) at "${file}"; found nothing there. Pass --text <file>.`);
  const bytes = new Uint8Array(fs.readFileSync(file));
  const isParquet = bytes.length >= 8 && new TextDecoder().decode(bytes.subarray(0, 4)) === 'PAR1';
  return { lines: isParquet ? await readParquetText(bytes) : linesFromBytes(bytes), name: path.basename(file) };
}

/** config.json's max_position_embeddings, else the rows of the position-embedding table. */
export function maxPositionsOf(model: ModelProto, config?: Record<string, unknown>): number | undefined {
  if (typeof config?.max_position_embeddings === 'number') return config.max_position_embeddings;
  const table = model.graph?.initializer.find((t) => /position_embeddings/.test(t.name) && t.dims.length === 2);
  return table ? dimsOf(table)[0] : undefined;
}

/** The tokenizer for a model path: --tokenizer, else the model folder (or the folder above onnx/). */
export function tokenizerDirFor(target: string, explicit?: string): string {
  if (explicit) return explicit;
  if (statOrUndefined(target)?.isDirectory()) return target;
  const dir = path.dirname(target);
  return path.basename(dir) === 'onnx' ? path.dirname(dir) : dir;
}
