// transformers.js tokenizers behind the protocol's EvalTokenizer interface. Built from the JSON
// of tokenizer.json and tokenizer_config.json, which the caller fetched (browser) or read
// (Node): no hub access, no env settings, no cache. Loaded lazily: the library is large.
import { EvalError } from '../core/eval/errors.ts';
import type { EvalTokenizer } from '../core/eval/tokenizer.ts';

interface HfTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
  get_vocab(): Map<string, number>;
  all_special_ids: number[];
  unk_token_id?: number;
  cls_token_id?: number;
  sep_token_id?: number;
  pad_token_id?: number;
  mask_token_id?: number;
  convert_tokens_to_ids(token: string): number;
}

/** As AutoTokenizer does: the class named by tokenizer_class (e.g. BertTokenizer), else the base. */
export async function tokenizerFromJson(tokenizerJson: unknown, tokenizerConfig: Record<string, unknown>): Promise<EvalTokenizer> {
  const transformers = (await import('@huggingface/transformers')) as unknown as Record<string, new (json: unknown, config: unknown) => HfTokenizer>;
  const className = String(tokenizerConfig.tokenizer_class ?? '');
  const Tokenizer = transformers[className] ?? transformers.PreTrainedTokenizer!;
  return wrapTokenizer(new Tokenizer(tokenizerJson, tokenizerConfig));
}

export function wrapTokenizer(tk: HfTokenizer): EvalTokenizer {
  // BERT tokenizer configs often name only some special tokens; fall back to the vocabulary.
  const id = (known: number | undefined, token: string): number | undefined => {
    if (known !== undefined && known !== null) return known;
    const found = tk.get_vocab().get(token);
    return found;
  };
  const cls = id(tk.cls_token_id, '[CLS]');
  const sep = id(tk.sep_token_id, '[SEP]');
  const pad = id(tk.pad_token_id, '[PAD]');
  const mask = id(tk.mask_token_id, '[MASK]');
  const missing = Object.entries({ '[CLS]': cls, '[SEP]': sep, '[PAD]': pad, '[MASK]': mask }).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length) {
    throw new EvalError('bad-tokenizer', {
      expected: 'a BERT-style tokenizer with [CLS], [SEP], [PAD] and [MASK] tokens',
      found: `no ${missing.join(', ')}`,
      fix: "Use the masked-LM model's own tokenizer.json and tokenizer_config.json.",
    });
  }
  const specialIds = new Set([cls!, sep!, pad!, mask!, ...tk.all_special_ids]);
  if (tk.unk_token_id !== undefined) specialIds.delete(tk.unk_token_id);
  const vocab = tk.get_vocab();
  let vocabSize = vocab.size;
  for (const v of vocab.values()) vocabSize = Math.max(vocabSize, v + 1);
  return {
    encode: (text) => tk.encode(text, { add_special_tokens: false }),
    clsId: cls!, sepId: sep!, padId: pad!, maskId: mask!, specialIds, vocabSize,
  };
}
