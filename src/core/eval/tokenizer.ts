// The little the protocol needs from a tokenizer. Keeping it this small lets the core be tested
// with a fake, and lets the browser and Node wrap transformers.js (src/inference/tokenizer.ts)
// or anything else that produces BERT-style ids.

export interface EvalTokenizer {
  /**
   * Content ids of one line, WITHOUT [CLS]/[SEP]: the protocol adds them itself, so truncation
   * always keeps the closing [SEP] (as transformers' `truncation=True` does).
   */
  encode(text: string): number[];
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;
  readonly maskId: number;
  /**
   * Ids that are never text: [CLS], [SEP], [PAD], [MASK] and other added special tokens. [UNK]
   * is NOT in this set: it stands for a word of the text (as in transformers'
   * special_tokens_mask), so it may be masked and scored like any other token.
   */
  readonly specialIds: ReadonlySet<number>;
  /** Rows of the output layer this tokenizer expects (checked against the logits). */
  readonly vocabSize: number;
}

/** Token positions of `ids` that may be masked: everything but structural special tokens. */
export function maskablePositions(ids: ArrayLike<number>, specialIds: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) if (!specialIds.has(ids[i]!)) out.push(i);
  return out;
}
