// Writes the tiny BERT in Hugging Face layout (config.json, tokenizer.json,
// tokenizer_config.json, onnx/model.onnx) for the hub mirror and local-file tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeModel } from '../../src/core/onnx/proto.ts';
import { tinyTokenizerFiles } from './eval-tokenizers.ts';
import { buildTinyBert, tinyBertConfig, type TinyBertOptions } from './tiny-bert-onnx.ts';

export function writeTinyModelFolder(dir: string, options: TinyBertOptions = {}): string {
  const config = tinyBertConfig(options);
  const { tokenizerJson, tokenizerConfig } = tinyTokenizerFiles(config.vocab_size);
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: 'bert', architectures: ['BertForMaskedLM'], ...config }, null, 2));
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson));
  writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig));
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), encodeModel(buildTinyBert(options)));
  return dir;
}
