// File names of compressed variants under a model folder's onnx/, following transformers.js
// where a dtype of theirs has the same graph (model.onnx, model_fp16, model_q4, model_q4f16,
// model_bnb4 = NF4 block 64), and our own names where it does not: transformers.js'
// model_quantized/model_int8 are DynamicQuantizeLinear graphs, not LLM.int8 or weight-only int8.
import { parseRecipe, type PruneSpec, type QuantSpec, type RecipeSpec } from '../recipes/spec.ts';

export function onnxFileName(recipe: string | RecipeSpec): string {
  const spec = typeof recipe === 'string' ? parseRecipe(recipe) : recipe;
  const parts = [quantPart(spec.quant), ...spec.prune.map(prunePart)].filter(Boolean);
  return `${['model', ...parts].join('_')}.onnx`;
}

function quantPart(q: QuantSpec): string {
  const rest = (defaultRest: string) => ('rest' in q && q.rest !== defaultRest ? `_rest-${q.rest}` : '');
  switch (q.kind) {
    case 'fp32': return '';
    case 'fp16': return 'fp16';
    case 'int8': return `llm-int8${q.threshold === 6 ? '' : `-t${q.threshold}`}${rest('fp16')}`;
    case 'int8-weight-only': return `int8-wo${rest('fp32')}`;
    case 'bnb4': {
      const name = q.type === 'nf4' ? (q.doubleQuant ? 'bnb4-dq' : 'bnb4') : q.doubleQuant ? 'bnb4-fp4-dq' : 'bnb4-fp4';
      return `${name}${q.blockSize === 64 ? '' : `-b${q.blockSize}`}${rest('fp16')}`;
    }
    case 'int4': {
      // transformers.js: q4 keeps the rest fp32; q4f16 stores it in fp16.
      const base = q.rest === 'fp16' ? 'q4f16' : 'q4';
      return `${base}${q.symmetric ? '' : '-asym'}${q.blockSize === 32 ? '' : `-b${q.blockSize}`}`;
    }
  }
}

function prunePart(p: PruneSpec): string {
  const pct = (a: number) => `${Math.round(a * 1000) / 10}`.replace('.', 'p');
  switch (p.kind) {
    case 'l1': return `pruned-l1-${pct(p.amount)}`;
    case 'l1-global': return `pruned-global-${pct(p.amount)}`;
    case '2of4': return 'pruned-2of4';
    case 'ffn': return `pruned-ffn-${pct(p.amount)}`;
    case 'heads': return `pruned-heads-${pct(p.amount)}`;
  }
}
