// Result records: keyed by what was evaluated, plain data that survives JSON and structured clone.
import { describe, expect, it } from 'vitest';
import { evaluateMaskedLm } from '../../../src/core/eval/masked-lm.ts';
import { prepareEval } from '../../../src/core/eval/prepare.ts';
import { makeResultRecord, parseResultKey, resultKey, type ResultKeyParts } from '../../../src/core/eval/results.ts';
import { fakeTokenizer } from '../../helpers/eval-tokenizers.ts';
import { constantModel } from './fakes.ts';

const parts: ResultKeyParts = { model: 'Xenova/bert-base-cased', variant: 'prune-l1:0.4+nf4', dataset: 'wikitext-2-test[:10%]', protocol: 'masked-lm', device: 'webgpu' };

describe('results', () => {
  it('resultKey is stable, readable and round-trips names with separators', () => {
    expect(resultKey(parts)).toBe('Xenova%2Fbert-base-cased|prune-l1%3A0.4%2Bnf4|wikitext-2-test%5B%3A10%25%5D|masked-lm|webgpu');
    expect(parseResultKey(resultKey(parts))).toEqual(parts);
    expect(resultKey({ ...parts, model: 'a|b' })).not.toBe(resultKey({ ...parts, variant: `b|${parts.variant}` }));
  });

  it('a record is plain data: JSON and structured clone give it back unchanged', async () => {
    const tokenizer = fakeTokenizer(['a', 'b']);
    const prepared = prepareEval(['a b a', 'b b b'], tokenizer);
    const run = await evaluateMaskedLm(prepared, constantModel(7, 5, 1), { resamples: 50 });
    const record = makeResultRecord(parts, { settings: run.settings, stats: run.stats, metrics: run.metrics, scores: run.scores }, new Date(0));
    expect(record).toMatchObject({ version: 1, key: resultKey(parts), finishedAt: '1970-01-01T00:00:00.000Z', ...parts });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(structuredClone(record)).toEqual(record);
  });
});
