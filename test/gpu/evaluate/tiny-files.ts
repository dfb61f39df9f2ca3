// The tiny BERT as the File objects a student would pick; `tokenizerVocab` ≠ 96 gives a
// tokenizer that does not belong to the model.
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { tinyTokenizerFiles } from '../../helpers/eval-tokenizers.ts';
import { buildTinyBert, tinyBertConfig } from '../../helpers/tiny-bert-onnx.ts';

export function tinyModelFiles(tokenizerVocab?: number): File[] {
  const config = tinyBertConfig();
  const { tokenizerJson, tokenizerConfig } = tinyTokenizerFiles(tokenizerVocab ?? config.vocab_size);
  return [
    new File([JSON.stringify(config)], 'config.json'),
    new File([JSON.stringify(tokenizerJson)], 'tokenizer.json'),
    new File([JSON.stringify(tokenizerConfig)], 'tokenizer_config.json'),
    new File([encodeModel(buildTinyBert()) as Uint8Array<ArrayBuffer>], 'model.onnx'),
  ];
}
