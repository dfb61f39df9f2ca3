// Tokenizers for evaluation tests: a minimal but valid BERT WordPiece tokenizer.json (read by
// transformers.js exactly like a real one) and a whitespace fake for the pure protocol tests.
import type { EvalTokenizer } from '../../src/core/eval/tokenizer.ts';

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export const TINY_WORDS = ['the', 'union', 'state', 'of', 'is', 'strong', 'we', 'people', 'nation', 'congress', 'year', 'war', 'peace', 'and', 'a', 'to', 'in', 'our', 'for', 'with', '.', ',', '##s', '##ed', '##ing'];

/** tokenizer.json + tokenizer_config.json with `vocabSize` entries (specials, words, [unusedN]). */
export function tinyTokenizerFiles(vocabSize = 96): { tokenizerJson: Record<string, unknown>; tokenizerConfig: Record<string, unknown> } {
  const tokens: string[] = [...SPECIAL_TOKENS, ...TINY_WORDS];
  for (let i = 0; tokens.length < vocabSize; i++) tokens.push(`[unused${i}]`);
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const tokenizerJson = {
    version: '1.0', truncation: null, padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512,
    unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]',
  };
  return { tokenizerJson, tokenizerConfig };
}

/**
 * Whitespace tokenizer over a fixed word list: ids 0–4 are [PAD] [UNK] [CLS] [SEP] [MASK], then
 * `words` in order; unknown words become [UNK] (1); the literal "[MASK]" becomes 4.
 */
export function fakeTokenizer(words: readonly string[] = TINY_WORDS, vocabSize = SPECIAL_TOKENS.length + words.length): EvalTokenizer {
  const ids = new Map<string, number>([...SPECIAL_TOKENS.map((t, i) => [t, i] as const), ...words.map((w, i) => [w, i + SPECIAL_TOKENS.length] as const)]);
  return {
    encode: (text) => text.split(/\s+/).filter(Boolean).map((w) => ids.get(w) ?? 1),
    clsId: 2, sepId: 3, padId: 0, maskId: 4, specialIds: new Set([0, 2, 3, 4]), vocabSize,
  };
}
