// Fill-mask sanity on held-out sentences (from public/data/mini-bert-sotu.txt; the model never
// saw these addresses): the masked word must be among the model's top 5 predictions.
// Sentences chosen from tools/mini-bert/out/fillmask_candidates.json, where PyTorch ranks the
// answer first; the assertion allows top 5.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';

const modelDir = new URL('../../../public/models/mini-bert-sotu/', import.meta.url);
const heldout = fs.readFileSync(new URL('../../../public/data/mini-bert-sotu.txt', import.meta.url), 'utf8');

const CASES: { text: string; answer: string }[] = [
  { text: 'On September 30th, 1815, the funded and floating debt of the United [MASK] was estimated at $119,635,558.', answer: 'States' }, // p=0.97, rank 1 in PyTorch
  { text: 'The people of the [MASK] States claim this right for themselves, and they readily concede it to others.', answer: 'United' }, // p=0.96, rank 1 in PyTorch
  { text: 'I beg leave to draw your [MASK] to this report, and to the propriety of making early appropriations for the objects which it specifies.', answer: 'attention' }, // p=0.56, rank 1 in PyTorch
  { text: 'In compliance with a law of the last [MASK] of Congress, the officers and soldiers of the temporary army have been discharged.', answer: 'session' }, // p=0.57, rank 1 in PyTorch
  { text: 'The validity of this law has been established over and over again by the Supreme [MASK] of the United States with perfect unanimity.', answer: 'Court' }, // p=0.33, rank 1 in PyTorch
  { text: 'I refer you to the report of the [MASK] of the Treasury for a detailed statement of the finances.', answer: 'Secretary' }, // p=0.33, rank 1 in PyTorch
  { text: 'The great law of morality ought to have a national as [MASK] as a personal and individual application.', answer: 'well' }, // p=0.61, rank 1 in PyTorch
];

describe('mini-bert-sotu fill-mask on held-out sentences', () => {
  let tok: PreTrainedTokenizer;
  let session: ort.InferenceSession;
  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = fileURLToPath(new URL('../../../public/models/', import.meta.url));
    tok = await AutoTokenizer.from_pretrained('mini-bert-sotu');
    ort.env.wasm.numThreads = 1;
    session = await ort.InferenceSession.create(new Uint8Array(fs.readFileSync(new URL('onnx/model.onnx', modelDir))), {
      executionProviders: ['wasm'],
    });
  }, 60_000);

  it('uses sentences from the held-out text', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(5);
    for (const c of CASES) expect(heldout.includes(c.text.replace('[MASK]', c.answer))).toBe(true);
  });

  it.each(CASES)('predicts "$answer" in the top 5 for: $text', async ({ text, answer }) => {
    const enc = tok(text);
    const ids = Array.from(enc.input_ids.data as BigInt64Array, Number);
    const L = ids.length;
    const maskAt = ids.indexOf(tok.mask_token_id!);
    expect(maskAt).toBeGreaterThan(0);
    const answerId = tok.convert_tokens_to_ids(answer) as number;
    expect(answerId).not.toBe(tok.unk_token_id);
    const out = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, L]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(L).fill(1n), [1, L]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(L), [1, L]),
    });
    const logits = out.logits!;
    const V = logits.dims[2]!;
    const row = (logits.data as Float32Array).subarray(maskAt * V, (maskAt + 1) * V);
    const target = row[answerId]!;
    const rank = row.reduce((n, v) => n + (v > target ? 1 : 0), 0);
    expect(rank).toBeLessThan(5);
  });
});
