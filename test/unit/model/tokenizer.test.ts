// transformers.js tokenization of held-out lines equals the tool's own tokenizer
// (fixture written by tools/mini-bert/evaluate.py).
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';

interface Fixture { lines: string[]; ids: number[][]; extra: { text: string; ids: number[] }[] }
const fixture = JSON.parse(
  fs.readFileSync(new URL('../../fixtures/mini-bert-tokens.json', import.meta.url), 'utf8'),
) as Fixture;
const heldout = fs.readFileSync(new URL('../../../public/data/mini-bert-sotu.txt', import.meta.url), 'utf8');

describe('mini-bert-sotu tokenizer in transformers.js', () => {
  let tok: PreTrainedTokenizer;
  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = fileURLToPath(new URL('../../../public/models/', import.meta.url));
    tok = await AutoTokenizer.from_pretrained('mini-bert-sotu');
  }, 60_000);

  const ids = (text: string): number[] => Array.from(tok(text).input_ids.data as BigInt64Array, Number);

  it('fixture holds 100 lines of the shipped held-out text', () => {
    expect(fixture.lines.length).toBe(100);
    expect(fixture.ids.length).toBe(100);
    const shipped = new Set(heldout.split('\n'));
    for (const l of fixture.lines) expect(shipped.has(l)).toBe(true);
  });

  it('encodes 100 held-out lines exactly like the Python tool', () => {
    const mismatches = fixture.lines.filter((l, i) => JSON.stringify(ids(l)) !== JSON.stringify(fixture.ids[i]));
    expect(mismatches).toEqual([]);
  });

  it('encodes edge cases (unicode punctuation, accents, specials, whitespace) like the Python tool', () => {
    for (const e of fixture.extra) expect(ids(e.text)).toEqual(e.ids);
  });

  it('adds [CLS]/[SEP], token type ids and knows its special tokens', () => {
    const enc = tok('The State of the Union');
    const input = Array.from(enc.input_ids.data as BigInt64Array, Number);
    expect(input[0]).toBe(tok.convert_tokens_to_ids('[CLS]'));
    expect(input[input.length - 1]).toBe(tok.sep_token_id);
    expect(Array.from(enc.token_type_ids!.data as BigInt64Array, Number)).toEqual(new Array(input.length).fill(0));
    expect(tok.mask_token_id).toBe(tok.convert_tokens_to_ids('[MASK]'));
    expect(tok.pad_token_id).toBe(0);
    expect(tok.model_max_length).toBe(128);
    const pair = tok('Congress', { text_pair: 'the Union' });
    expect(Array.from(pair.token_type_ids!.data as BigInt64Array, Number)).toContain(1);
  });
});
