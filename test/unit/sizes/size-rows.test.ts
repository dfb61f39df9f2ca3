// The size table of the lesson (bert-base-cased from its config.json): one row per recipe the
// notebook builds, each recomputed here from the dimensions by hand.
import { describe, expect, it } from 'vitest';
import { BERT_BASE_CASED_CONFIG, SIZE_RECIPES, sizeRows } from '../../../src/features/sizes/size-rows.ts';

const { hidden_size: H, intermediate_size: F, num_hidden_layers: L, num_attention_heads: heads } = BERT_BASE_CASED_CONFIG;
// BertEmbeddings also registers two int64 buffers of max_position_embeddings entries
// (position_ids, token_type_ids); transformers counts buffers in get_memory_footprint().
const BUFFERS = 2 * BERT_BASE_CASED_CONFIG.max_position_embeddings * 8;
const rowOf = (recipe: string) => sizeRows(BERT_BASE_CASED_CONFIG).find((r) => r.recipe === recipe)!;

describe('sizeRows(bert-base-cased)', () => {
  it('has a row for every recipe, in the table order', () => {
    expect(sizeRows(BERT_BASE_CASED_CONFIG).map((r) => r.recipe)).toEqual(SIZE_RECIPES.map((r) => r.recipe));
    expect(SIZE_RECIPES.map((r) => r.recipe)).toEqual(expect.arrayContaining(['prune-heads:0.5', 'prune-2of4', 'prune-ffn:0.5']));
  });

  it('fp32: 108,340,804 parameters, 4 bytes each, plus the embedding buffers', () => {
    expect(rowOf('fp32').parameters).toBe(108_340_804);
    expect(rowOf('fp32').trueBytes).toBe(4 * 108_340_804 + BUFFERS);
    expect(rowOf('fp32').transformersBytes).toBe(4 * 108_340_804 + BUFFERS);
  });

  it('half the heads: q, k, v lose their columns and biases, the output projection its rows', () => {
    const removed = (heads / 2) * (H / heads); // 6 heads of 64
    const perLayer = 3 * (H * removed + removed) + removed * H;
    expect(rowOf('prune-heads:0.5').parameters).toBe(108_340_804 - L * perLayer);
    expect(rowOf('prune-heads:0.5').trueBytes).toBe(4 * rowOf('prune-heads:0.5').parameters + BUFFERS);
  });

  it('half the FFN neurons: intermediate columns + biases and output rows', () => {
    const perLayer = H * (F / 2) + F / 2 + (F / 2) * H;
    expect(rowOf('prune-ffn:0.5').parameters).toBe(108_340_804 - L * perLayer);
  });

  it('2:4 keeps the dense size and names the smaller sparse layout', () => {
    expect(rowOf('prune-2of4').trueBytes).toBe(rowOf('fp32').trueBytes);
    expect(rowOf('prune-2of4').sparseNote).toMatch(/dense → .* MB in the best sparse layout/);
  });
});
