// The parameters and buffers of transformers' BertForMaskedLM, from config.json alone
// (modeling_bert.py): no pooler (add_pooling_layer=False); the decoder weight is tied to the
// word embeddings and its bias to cls.predictions.bias, so both are listed once.
import type { LinearRole } from '../onnx/linear.ts';

export interface BertConfig {
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  max_position_embeddings: number;
  type_vocab_size: number;
  model_type?: string;
  architectures?: string[];
}

export interface ParamSpec {
  name: string;
  /** PyTorch shape ([out, in] for Linear weights). */
  shape: number[];
  /** Linear weights only: the role deciding whether a recipe quantizes it. */
  linearRole?: LinearRole;
}

export interface BufferSpec {
  name: string;
  shape: number[];
  bytesPerElement: number;
}

export function bertMaskedLmParams(c: BertConfig): ParamSpec[] {
  const H = c.hidden_size;
  const I = c.intermediate_size;
  const params: ParamSpec[] = [
    { name: 'bert.embeddings.word_embeddings.weight', shape: [c.vocab_size, H] },
    { name: 'bert.embeddings.position_embeddings.weight', shape: [c.max_position_embeddings, H] },
    { name: 'bert.embeddings.token_type_embeddings.weight', shape: [c.type_vocab_size, H] },
    ...layerNorm('bert.embeddings.LayerNorm', H),
  ];
  const linear = (prefix: string, out: number, inF: number, linearRole: LinearRole): ParamSpec[] => [
    { name: `${prefix}.weight`, shape: [out, inF], linearRole },
    { name: `${prefix}.bias`, shape: [out] },
  ];
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `bert.encoder.layer.${l}`;
    params.push(
      ...linear(`${p}.attention.self.query`, H, H, 'attention.query'),
      ...linear(`${p}.attention.self.key`, H, H, 'attention.key'),
      ...linear(`${p}.attention.self.value`, H, H, 'attention.value'),
      ...linear(`${p}.attention.output.dense`, H, H, 'attention.output'),
      ...layerNorm(`${p}.attention.output.LayerNorm`, H),
      ...linear(`${p}.intermediate.dense`, I, H, 'intermediate'),
      ...linear(`${p}.output.dense`, H, I, 'output'),
      ...layerNorm(`${p}.output.LayerNorm`, H),
    );
  }
  params.push(
    { name: 'cls.predictions.bias', shape: [c.vocab_size] },
    ...linear('cls.predictions.transform.dense', H, H, 'mlm-transform'),
    ...layerNorm('cls.predictions.transform.LayerNorm', H),
  );
  return params;
}

/** get_memory_footprint() counts these too (registered buffers of BertEmbeddings). */
export function bertBuffers(c: Pick<BertConfig, 'max_position_embeddings'>): BufferSpec[] {
  return [
    { name: 'bert.embeddings.position_ids', shape: [1, c.max_position_embeddings], bytesPerElement: 8 },
    { name: 'bert.embeddings.token_type_ids', shape: [1, c.max_position_embeddings], bytesPerElement: 8 },
  ];
}

function layerNorm(prefix: string, H: number): ParamSpec[] {
  return [{ name: `${prefix}.weight`, shape: [H] }, { name: `${prefix}.bias`, shape: [H] }];
}
