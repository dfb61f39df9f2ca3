// Rows of the size comparison, computed from a config.json alone by the footprint core —
// every number shown is computed here, none is typed in.
import { configFootprint } from '../../core/footprint/config-footprint.ts';
import type { BertConfig } from '../../core/footprint/bert-params.ts';

export const SIZE_RECIPES: readonly { recipe: string; label: string }[] = [
  { recipe: 'fp32', label: 'FP32' },
  { recipe: 'fp16', label: 'FP16' },
  { recipe: 'int8', label: 'INT8 (LLM.int8)' },
  { recipe: 'fp4', label: 'FP4' },
  { recipe: 'nf4', label: 'NF4' },
  { recipe: 'nf4-dq', label: 'NF4 + double quant' },
  { recipe: 'int4', label: 'INT4 (q4, block 32)' },
  { recipe: 'prune-l1:0.2', label: 'Pruned 20 % (dense)' },
  { recipe: 'prune-l1:0.4', label: 'Pruned 40 % (dense)' },
  { recipe: 'prune-ffn:0.5', label: 'Structured: ½ FFN neurons' },
  { recipe: 'prune-heads:0.5', label: 'Structured: ½ attention heads' },
  { recipe: 'prune-2of4', label: '2:4 sparsity (dense)' },
];

export interface SizeRow {
  recipe: string;
  label: string;
  parameters: number;
  /** What Python's get_memory_footprint() prints. */
  transformersBytes: number;
  /** Every byte, scales and maps included. */
  trueBytes: number;
  /** Pruned models: the smallest sparse storage of the pruned weights (CSR or bitmask). */
  sparseNote: string | null;
}

export function sizeRows(config: BertConfig): SizeRow[] {
  return SIZE_RECIPES.map(({ recipe, label }) => {
    const footprint = configFootprint(config, recipe);
    let sparseNote: string | null = null;
    if (footprint.sparse) {
      const s = footprint.sparse;
      const best = Math.min(s.bitmask, s.csr32, s.csr16 ?? Infinity);
      sparseNote = `pruned weights: ${mb(s.dense)} dense → ${mb(best)} in the best sparse layout (${best === s.bitmask ? 'bitmask' : 'CSR'})`;
    }
    return { recipe, label, parameters: footprint.parameters, transformersBytes: footprint.transformersBytes, trueBytes: footprint.trueBytes, sparseNote };
  });
}

export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** bert-base-cased's config.json (the classic lesson's model): the dimensions that set its size. */
export const BERT_BASE_CASED_CONFIG: BertConfig = {
  model_type: 'bert',
  vocab_size: 28996,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  max_position_embeddings: 512,
  type_vocab_size: 2,
};
