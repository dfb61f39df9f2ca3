// The interface every model in the lab must have: a BERT-style masked LM taking
// input_ids, attention_mask (and optionally token_type_ids) and returning logits
// [batch, seq, vocab]. We check it up front so a decoder LM or a classifier fails with a
// clear message instead of a shape error deep inside onnxruntime.
import type { GraphProto, ModelProto, ValueInfoProto } from 'onnx-buf';
import { ModelFormatError } from './errors.ts';
import { initializerMap } from './graph.ts';
import { dimsOf } from './tensor.ts';

export interface MaskedLmInterface {
  hasTokenTypeIds: boolean;
  /** From the logits' static last dimension, or the word-embedding rows. */
  vocabSize: number;
  hiddenSize: number;
  /** Initializer holding the word embeddings [vocab, hidden]. */
  wordEmbedding: string;
}

const ALLOWED_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

export function validateMaskedLm(model: ModelProto): MaskedLmInterface {
  const graph = model.graph as GraphProto;
  const inputs = graph.input.map((v) => v.name).filter((n) => !graph.initializer.some((t) => t.name === n));
  const outputs = graph.output.map((v) => v.name);
  const found = `inputs [${inputs.join(', ')}], outputs [${outputs.map((n) => `${n}${shapeText(graph.output.find((v) => v.name === n))}`).join(', ')}]`;
  const expected = 'a masked LM with inputs input_ids, attention_mask (optional token_type_ids) and output logits [batch, seq, vocab]';
  const fail = (what: string, fix: string): never => {
    throw new ModelFormatError('not-masked-lm', { expected, found: `${what}: ${found}`, fix });
  };
  if (inputs.some((n) => n.startsWith('past_key_values') || n === 'position_ids') || outputs.some((n) => n.startsWith('present'))) {
    fail('a decoder (causal) language model', 'Pick an encoder masked LM such as bert-base-cased (ONNX: Xenova/bert-base-cased).');
  }
  if (!inputs.includes('input_ids') || !inputs.includes('attention_mask')) {
    fail('a model without input_ids and attention_mask', 'Export the model with its tokenizer inputs (optimum-cli export onnx --task fill-mask).');
  }
  const unexpected = inputs.filter((n) => !ALLOWED_INPUTS.has(n));
  if (unexpected.length) fail(`unexpected inputs ${unexpected.join(', ')}`, 'Export with --task fill-mask so only the tokenizer inputs remain.');
  const logits = graph.output.find((v) => v.name === 'logits');
  const dims = logits ? valueDims(logits) : undefined;
  if (!logits) {
    fail(outputs.includes('last_hidden_state') ? 'a base model without the MLM head' : 'no output named logits',
      'Export the masked-LM model (…ForMaskedLM, --task fill-mask), which outputs logits over the vocabulary.');
  }
  if (dims && dims.length !== 3) {
    fail(`logits of rank ${dims.length} (a sequence classifier?)`, 'Use the masked-LM head (…ForMaskedLM), not a classification head.');
  }
  const embedding = findWordEmbedding(graph);
  const staticVocab = typeof dims?.[2] === 'number' ? (dims[2] as number) : undefined;
  const vocabSize = staticVocab ?? embedding?.rows;
  if (vocabSize === undefined || !embedding) {
    fail('no word-embedding Gather over an initializer', 'Use a standard BERT-style export with embeddings stored as initializers.');
  }
  return {
    hasTokenTypeIds: inputs.includes('token_type_ids'),
    vocabSize: vocabSize!,
    hiddenSize: embedding!.cols,
    wordEmbedding: embedding!.name,
  };
}

/** The Gather over the largest 2-D float initializer: the word embeddings. */
function findWordEmbedding(graph: GraphProto): { name: string; rows: number; cols: number } | undefined {
  const inits = initializerMap(graph);
  let best: { name: string; rows: number; cols: number } | undefined;
  for (const node of graph.node) {
    if (node.opType !== 'Gather') continue;
    const table = inits.get(node.input[0] ?? '');
    if (!table || table.dims.length !== 2) continue;
    const [rows, cols] = dimsOf(table) as [number, number];
    if (!best || rows > best.rows) best = { name: table.name, rows, cols };
  }
  return best;
}

/** Static dims as numbers, symbolic ones as their names. */
export function valueDims(value: ValueInfoProto): (number | string)[] | undefined {
  const type = value.type?.value;
  if (type?.case !== 'tensorType' || !type.value.shape) return undefined;
  return type.value.shape.dim.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : d.value.case === 'dimParam' ? d.value.value : '?'));
}

function shapeText(value: ValueInfoProto | undefined): string {
  const dims = value ? valueDims(value) : undefined;
  return dims ? ` [${dims.join(', ')}]` : '';
}
