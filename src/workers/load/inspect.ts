// Is this a model the lab can compress? An ONNX file (decodeModel), an encoder masked LM
// (validateMaskedLm), with Linear (MatMul) weights (findLinearLayers), whose tokenizer and
// config.json agree with the logits' vocabulary. Returns the summary the UI shows.
import type { ModelProto } from 'onnx-buf';
import { findLinearLayers } from '../../core/onnx/linear.ts';
import { decodeModel } from '../../core/onnx/proto.ts';
import { modelFootprint } from '../../core/footprint/model-footprint.ts';
import { validateMaskedLm } from '../../core/onnx/validate.ts';
import { compressModel } from '../../core/recipes/compress.ts';
import { ModelLoadError } from './errors.ts';
import type { ModelFiles } from './model-files.ts';

export interface ModelSummary {
  name: string;
  parameters: number;
  linearLayers: number;
  /** Linear layers the transformers-4 convention quantizes (encoder q/k/v/o, FFN). */
  quantizedLayers: number;
  onnxBytes: number;
  vocabSize: number;
  hiddenSize: number;
  config: Record<string, unknown>;
  fromCache: boolean;
}

function parseJson(bytes: Uint8Array, file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    throw new Error('not a JSON object');
  } catch (error) {
    throw new ModelLoadError('bad-json', {
      expected: `${file} holding a JSON object`,
      found: `text that does not parse (${(error as Error).message})`,
      fix: `Use the model's own ${file} from its Hugging Face folder.`,
    });
  }
}

/** Token ids the tokenizer can produce: max id + 1 over model.vocab and added_tokens. */
export function tokenizerVocabSize(tokenizer: Record<string, unknown>): number | undefined {
  const model = tokenizer.model as { vocab?: unknown } | undefined;
  let size = 0;
  const vocab = model?.vocab;
  if (Array.isArray(vocab)) size = vocab.length; // Unigram: [[piece, score], …]
  else if (vocab && typeof vocab === 'object') for (const id of Object.values(vocab)) size = Math.max(size, Number(id) + 1);
  for (const t of (tokenizer.added_tokens as { id?: number }[] | undefined) ?? []) if (typeof t.id === 'number') size = Math.max(size, t.id + 1);
  return size || undefined;
}

/** Exporters pad the embedding (and logits) to a multiple of 8–128; more is another tokenizer. */
const MAX_VOCAB_PADDING = 128;

export async function inspectModel(files: ModelFiles): Promise<{ model: ModelProto; summary: ModelSummary }> {
  const model = decodeModel(files.onnx, 'onnx/model.onnx');
  const lm = validateMaskedLm(model);
  const linears = findLinearLayers(model, 'transformers-4', lm.vocabSize);
  const config = parseJson(files.config, 'config.json');
  const tokenizer = parseJson(files.tokenizer, 'tokenizer.json');
  parseJson(files.tokenizerConfig, 'tokenizer_config.json');
  const tokenizerVocab = tokenizerVocabSize(tokenizer);
  const configVocab = typeof config.vocab_size === 'number' ? config.vocab_size : undefined;
  const mismatch = (what: string, size: number | undefined, ok: boolean) => {
    if (ok) return;
    throw new ModelLoadError('tokenizer-mismatch', {
      expected: `${what} matching the model's logits (${lm.vocabSize} tokens)`,
      found: `${size === undefined ? 'no readable vocabulary' : `${size} tokens`} in ${what}`,
      fix: 'Load the tokenizer.json and config.json that belong to this model.onnx (same Hugging Face folder).',
    });
  };
  mismatch('tokenizer.json', tokenizerVocab, tokenizerVocab !== undefined && tokenizerVocab <= lm.vocabSize && lm.vocabSize - tokenizerVocab < MAX_VOCAB_PADDING);
  mismatch('config.json (vocab_size)', configVocab, configVocab === undefined || configVocab === lm.vocabSize);
  // The fp32 "recipe" copies nothing but the graph, so counting through it costs little and
  // gives the same parameter count as every variant's footprint (a tied decoder copy once).
  const { parameters } = modelFootprint(await compressModel(model, 'fp32'));
  return {
    model,
    summary: {
      name: files.name, parameters, linearLayers: linears.length, quantizedLayers: linears.filter((l) => l.quantize).length,
      onnxBytes: files.onnx.byteLength, vocabSize: lm.vocabSize, hiddenSize: lm.hiddenSize, config, fromCache: files.fromCache,
    },
  };
}
