// compressModel: parse a recipe, prune, quantize, store the rest, and say what every tensor
// of the result is. The input model is never modified.
import type { ModelProto } from 'onnx-buf';
import type { LinearLayer } from '../onnx/linear.ts';
import type { MaskedLmInterface } from '../onnx/validate.ts';
import { quantizeBnb4Layers } from './bnb4.ts';
import { markConstants, storeRestAsFloat16 } from './float16.ts';
import { quantizeInt8WeightOnly } from './int8-weight-only.ts';
import { quantizeLlmInt8Layers } from './llm-int8.ts';
import { quantizeNBitsLayers } from './nbits.ts';
import { applyPruning, type PruneStats } from './prune.ts';
import { parseRecipe, type RecipeSpec } from './spec.ts';
import { Workbench, type CompressOptions, type TensorMeta } from './workbench.ts';

export interface CompressResult {
  model: ModelProto;
  spec: RecipeSpec;
  lm: MaskedLmInterface;
  linears: LinearLayer[];
  /** Every initializer of `model` → what it holds. */
  meta: Map<string, TensorMeta>;
  /** Non-zero counts of pruned weights, by weight name. */
  pruned: Map<string, PruneStats>;
  /** With keepEffectiveWeights: float32 [in, out] values each changed parameter computes with. */
  effective: Map<string, Float32Array>;
}

export async function compressModel(source: ModelProto, recipe: string | RecipeSpec, options: CompressOptions = {}): Promise<CompressResult> {
  const spec = typeof recipe === 'string' ? parseRecipe(recipe) : recipe;
  const wb = new Workbench(source, options);
  const pruned = await applyPruning(wb, spec.prune);
  const quant = spec.quant;
  switch (quant.kind) {
    case 'fp32': break;
    case 'fp16': await storeRestAsFloat16(wb); break;
    case 'bnb4': await quantizeBnb4Layers(wb, quant); break;
    case 'int4': await quantizeNBitsLayers(wb, quant); break;
    case 'int8-weight-only': await quantizeInt8WeightOnly(wb); break;
    case 'int8': await quantizeLlmInt8Layers(wb, quant); break;
    default: {
      const unreachable: never = quant;
      throw new Error(`internal: unhandled recipe ${JSON.stringify(unreachable)}`);
    }
  }
  if ('rest' in quant && quant.rest === 'fp16') await storeRestAsFloat16(wb);
  markConstants(wb);
  wb.model.producerName = 'bitlab';
  wb.model.docString = `bitlab recipe ${spec.text}`;
  return { model: wb.model, spec, lm: wb.lm, linears: wb.linears, meta: wb.meta, pruned, effective: wb.effective };
}
