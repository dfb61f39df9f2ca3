// Footprint of any recipe from config.json alone: the BertForMaskedLM parameter list and the
// storage formula of each format. Must agree with modelFootprint() on the real tensors.
import { ModelFormatError } from '../onnx/errors.ts';
import type { LinearRole, QuantConvention } from '../onnx/linear.ts';
import { headsToRemove, pruneCount } from '../recipes/prune-select.ts';
import { parseRecipe, type QuantSpec, type RecipeSpec } from '../recipes/spec.ts';
import { bertBuffers, bertMaskedLmParams, type BertConfig, type ParamSpec } from './bert-params.ts';
import { sparseStorage, summarizeSparse } from './sparse.ts';
import type { Footprint, SparseStorage, TensorFootprint } from './types.ts';

export interface ConfigFootprintOptions {
  convention?: QuantConvention;
}

export function configFootprint(config: BertConfig, recipe: string | RecipeSpec, options: ConfigFootprintOptions = {}): Footprint {
  checkConfig(config);
  const spec = typeof recipe === 'string' ? parseRecipe(recipe) : recipe;
  const convention = options.convention ?? 'transformers-4';
  const notes: string[] = [];
  let params = bertMaskedLmParams(config);
  const ffn = spec.prune.find((p) => p.kind === 'ffn');
  if (ffn) params = shrinkFeedForward(params, config.intermediate_size - pruneCount(ffn.amount, config.intermediate_size));
  const heads = spec.prune.find((p) => p.kind === 'heads');
  if (heads) params = shrinkAttention(params, config, config.num_attention_heads - headsToRemove(heads.amount, config.num_attention_heads));
  const quant = spec.quant;
  const restBytes = quant.kind === 'fp32' ? 4 : quant.kind === 'fp16' ? 2 : quant.rest === 'fp16' ? 2 : 4;
  const tensors: TensorFootprint[] = [];
  const sparse: SparseStorage[] = [];
  const unstructured = spec.prune.filter((p) => p.kind !== 'ffn' && p.kind !== 'heads');
  let parameters = 0;
  for (const p of params) {
    const n = p.shape.reduce((a, b) => a * b, 1);
    parameters += n;
    const quantized = p.linearRole !== undefined && quantizedBy(p.linearRole, convention) && quant.kind !== 'fp32' && quant.kind !== 'fp16';
    if (quantized) tensors.push(...quantizedTensors(p, quant));
    else tensors.push(plain(p, restBytes));
    if (p.linearRole !== undefined && quantizedBy(p.linearRole, convention) && unstructured.length) {
      const [out, inF] = p.shape as [number, number];
      const twoOfFour = out * (Math.floor(inF / 4) * 2 + Math.min(inF % 4, 2));
      const nonZero = unstructured.reduce((kept, step) => (step.kind === '2of4' ? Math.min(kept, twoOfFour) : kept - pruneCount(step.amount, kept)), n);
      sparse.push(sparseStorage(p.name, out, inF, nonZero, quantized ? bitsOf(quant) : restBytes * 8));
    }
  }
  if (unstructured.some((s) => s.kind === 'l1-global')) {
    notes.push('prune-l1-global: the per-layer non-zero counts depend on the weights; the sparse sizes assume the same fraction in every layer.');
  }
  if (quant.kind === 'bnb4' && quant.doubleQuant) {
    tensors.push({ name: 'bnb.dynamic_map', param: 'bnb.dynamic_map', kind: 'dq-map', dtype: 'float32', shape: [256], bytes: 1024, transformersBytes: 0 });
    notes.push('The 256-entry dynamic map of double quantization is shared by all layers and counted once.');
  }
  for (const b of bertBuffers(config)) {
    const bytes = b.shape.reduce((x, y) => x * y, 1) * b.bytesPerElement;
    tensors.push({ name: b.name, param: b.name, kind: 'buffer', dtype: 'int64', shape: b.shape, bytes, transformersBytes: bytes });
  }
  const transformersBytes = tensors.reduce((s, t) => s + t.transformersBytes, 0);
  return {
    recipe: spec.text, source: 'config', parameters, tensors, transformersBytes,
    trueBytes: tensors.reduce((s, t) => s + t.bytes, 0),
    sparse: sparse.length ? summarizeSparse(sparse, transformersBytes, restBytes) : undefined,
    notes,
  };
}

function quantizedBy(role: LinearRole, convention: QuantConvention): boolean {
  if (role === 'mlm-transform') return convention !== 'transformers-4';
  return role !== 'mlm-decoder' || convention === 'all-linears';
}

function bitsOf(quant: QuantSpec): number {
  return quant.kind === 'bnb4' || quant.kind === 'int4' ? 4 : quant.kind === 'int8' || quant.kind === 'int8-weight-only' ? 8 : 32;
}

function plain(p: ParamSpec, bytesPerElement: number): TensorFootprint {
  const bytes = p.shape.reduce((a, b) => a * b, 1) * bytesPerElement;
  return { name: p.name, param: p.name, kind: 'weight', dtype: bytesPerElement === 2 ? 'float16' : 'float32', shape: p.shape, bytes, transformersBytes: bytes };
}

/** Storage formulas per format; shapes are PyTorch's [N = out, K = in]. */
function quantizedTensors(p: ParamSpec, quant: QuantSpec): TensorFootprint[] {
  const [N, K] = p.shape as [number, number];
  const n = N * K;
  const t = (suffix: string, kind: TensorFootprint['kind'], dtype: string, shape: number[], bytes: number, transformersBytes = 0): TensorFootprint =>
    ({ name: `${p.name}${suffix}`, param: p.name, kind, dtype, shape, bytes, transformersBytes });
  switch (quant.kind) {
    case 'bnb4': {
      const blocks = Math.ceil(n / quant.blockSize);
      const codes = t('', 'codes', 'uint8', [Math.ceil(n / 2)], Math.ceil(n / 2), Math.ceil(n / 2));
      if (!quant.doubleQuant) return [codes, t('.absmax', 'absmax', 'float32', [blocks], 4 * blocks)];
      const groups = Math.ceil(blocks / 256);
      return [codes, t('.absmax_codes', 'dq-codes', 'uint8', [blocks], blocks), t('.absmax2', 'dq-absmax', 'float32', [groups], 4 * groups), t('.absmax_offset', 'dq-offset', 'float32', [], 4)];
    }
    case 'int4': {
      const blocks = Math.ceil(K / quant.blockSize);
      const out = [
        t('', 'codes', 'uint8', [N, blocks, quant.blockSize / 2], N * blocks * (quant.blockSize / 2), Math.ceil(n / 2)),
        t('.scales', 'scale', 'float32', [N, blocks], 4 * N * blocks),
      ];
      if (!quant.symmetric) out.push(t('.zero_points', 'zero-point', 'uint8', [N, Math.ceil(blocks / 2)], N * Math.ceil(blocks / 2)));
      return out;
    }
    case 'int8':
      return [t('', 'codes', 'int8', [N, K], n, n), t('.SCB', 'scale', 'float32', [N], 4 * N)];
    case 'int8-weight-only':
      return [t('', 'codes', 'int8', [K, N], n, n), t('.scales', 'scale', 'float32', [N], 4 * N)];
    default:
      throw new Error(`internal: ${quant.kind} does not quantize weights`);
  }
}

function shrinkFeedForward(params: ParamSpec[], kept: number): ParamSpec[] {
  return params.map((p) => {
    if (/\.intermediate\.dense\.weight$/.test(p.name)) return { ...p, shape: [kept, p.shape[1]!] };
    if (/\.intermediate\.dense\.bias$/.test(p.name)) return { ...p, shape: [kept] };
    if (/\.layer\.\d+\.output\.dense\.weight$/.test(p.name)) return { ...p, shape: [p.shape[0]!, kept] };
    return p;
  });
}

/** q/k/v lose output rows (PyTorch [out, in]) and biases, attention.output.dense input columns. */
function shrinkAttention(params: ParamSpec[], config: BertConfig, keptHeads: number): ParamSpec[] {
  const kept = keptHeads * (config.hidden_size / config.num_attention_heads);
  return params.map((p) => {
    if (/\.attention\.self\.(query|key|value)\.weight$/.test(p.name)) return { ...p, shape: [kept, p.shape[1]!] };
    if (/\.attention\.self\.(query|key|value)\.bias$/.test(p.name)) return { ...p, shape: [kept] };
    if (/\.attention\.output\.dense\.weight$/.test(p.name)) return { ...p, shape: [p.shape[0]!, kept] };
    return p;
  });
}

function checkConfig(c: BertConfig): void {
  const keys = ['vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'max_position_embeddings', 'type_vocab_size'] as const;
  const missing = keys.filter((k) => !Number.isInteger(c[k]) || c[k] <= 0);
  const arch = c.architectures?.[0];
  if (missing.length || (c.model_type && !/bert/i.test(c.model_type)) || (arch && !/MaskedLM$/.test(arch))) {
    throw new ModelFormatError('not-masked-lm', {
      expected: `a BERT masked-LM config.json with positive integers ${keys.join(', ')}`,
      found: missing.length ? `missing or invalid: ${missing.join(', ')}` : `model_type ${c.model_type}, architectures ${c.architectures?.join(', ')}`,
      fix: 'Use the config.json of a BertForMaskedLM model (e.g. bert-base-cased).',
    });
  }
}
