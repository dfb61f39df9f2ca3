// The same proofs on the trained model shipped with the app (public/models/mini-bert-sotu):
// every recipe's graph against fp32 with the effective weights, and the accounting against the
// config-only calculator.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configFootprint } from '../../../src/core/footprint/config-footprint.ts';
import type { BertConfig } from '../../../src/core/footprint/bert-params.ts';
import { modelFootprint } from '../../../src/core/footprint/model-footprint.ts';
import { decodeModel } from '../../../src/core/onnx/proto.ts';
import { compressModel } from '../../../src/core/recipes/compress.ts';
import { tinyBatch } from '../../helpers/tiny-bert-onnx.ts';
import { logitsOf, maxAbs, maxAbsDiff, withWeights } from '../../helpers/ort-compare.ts';

const dir = new URL('../../../public/models/mini-bert-sotu/', import.meta.url);
describe('recipes on public/models/mini-bert-sotu', () => {
  const load = () => decodeModel(new Uint8Array(fs.readFileSync(new URL('onnx/model.onnx', dir))), 'model.onnx');
  const config = () => JSON.parse(fs.readFileSync(new URL('config.json', dir), 'utf8')) as BertConfig;

  it.each(['fp16', 'nf4', 'fp4', 'nf4-dq', 'int4', 'int8-weight-only', 'prune-l1:0.4', 'prune-l1:0.4+nf4', 'prune-2of4', 'prune-ffn:0.5', 'prune-heads:0.5'])(
    '%s: logits = fp32 with the effective weights; footprint = config calculator',
    async (recipe) => {
      const base = load();
      const c = config();
      const r = await compressModel(base, recipe, { keepEffectiveWeights: true });
      expect(r.linears.filter((l) => l.quantize)).toHaveLength(6 * c.num_hidden_layers);
      const batch = tinyBatch(c.vocab_size, 2, 16);
      const reference = await logitsOf(withWeights(base, r.effective), batch);
      expect(maxAbsDiff(await logitsOf(r.model, batch), reference)).toBeLessThanOrEqual(1e-4 * maxAbs(reference));
      const fromModel = modelFootprint(r, { maxPositionEmbeddings: c.max_position_embeddings });
      const fromConfig = configFootprint(c, recipe);
      expect(fromModel.parameters).toBe(fromConfig.parameters);
      expect(fromModel.transformersBytes).toBe(fromConfig.transformersBytes);
      expect(fromModel.trueBytes).toBe(fromConfig.trueBytes);
    },
    120_000,
  );

  it('int8 (LLM.int8) stays close to fp32 with the dequantized weights', async () => {
    const base = load();
    const r = await compressModel(base, 'int8', { keepEffectiveWeights: true });
    const batch = tinyBatch(config().vocab_size, 2, 16);
    const reference = await logitsOf(withWeights(base, r.effective), batch);
    expect(maxAbsDiff(await logitsOf(r.model, batch), reference)).toBeLessThanOrEqual(0.05 * maxAbs(reference));
  }, 120_000);
});
