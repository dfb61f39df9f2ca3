// Pruning steps run before quantization and leave float32 weights with zeros (unstructured,
// 2:4) or physically smaller weights (structured: FFN neurons, attention heads). A
// quantization step then quantizes the pruned values, so `prune-l1:0.4+nf4` stores exactly
// what bitsandbytes would store for a model pruned with torch.nn.utils.prune and made permanent.
import { DataType, makeTensor } from '../onnx/tensor.ts';
import type { PruneSpec } from './spec.ts';
import { pruneAttentionHeads } from './prune-heads.ts';
import { pruneFeedForward } from './prune-structured.ts';
import type { Workbench } from './workbench.ts';

export interface PruneStats {
  /** Non-zero weights left. */
  nonZero: number;
  total: number;
  /** [in, out] shape after pruning. */
  rows: number;
  cols: number;
}

export async function applyPruning(wb: Workbench, steps: readonly PruneSpec[]): Promise<Map<string, PruneStats>> {
  const stats = new Map<string, PruneStats>();
  for (const step of steps) {
    const layers = uniqueWeights(wb);
    switch (step.kind) {
      case 'l1': {
        // Every layer pruned on its own, but in one backend call: the GPU backend then does each
        // step for all layers together (a few read-backs in all instead of a few per layer).
        const weights = layers.map((l) => wb.readWeight(l.weight));
        const masks = await wb.backend.l1PruneMasksPerTensor(weights, step.amount);
        for (const [i, layer] of layers.entries()) {
          writeMasked(wb, layer.weight, weights[i]!, masks[i]!, layer.inFeatures, layer.outFeatures, stats);
          wb.progress('prune-l1', i + 1, layers.length);
        }
        break;
      }
      case 'l1-global': {
        const weights = layers.map((l) => wb.readWeight(l.weight));
        const masks = await wb.backend.l1PruneMasks(weights, step.amount);
        layers.forEach((l, i) => writeMasked(wb, l.weight, weights[i]!, masks[i]!, l.inFeatures, l.outFeatures, stats));
        break;
      }
      case '2of4':
        for (const layer of layers) {
          const w = wb.readWeight(layer.weight);
          const mask = await wb.backend.twoOfFourMask(w, layer.inFeatures, layer.outFeatures);
          writeMasked(wb, layer.weight, w, mask, layer.inFeatures, layer.outFeatures, stats);
        }
        break;
      case 'ffn':
        pruneFeedForward(wb, step.amount, stats);
        break;
      case 'heads':
        await pruneAttentionHeads(wb, step.amount, stats);
        break;
      default: {
        const unreachable: never = step;
        throw new Error(`internal: unhandled pruning step ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return stats;
}

function uniqueWeights(wb: Workbench) {
  const seen = new Set<string>();
  return wb.prunable().filter((l) => !seen.has(l.weight) && seen.add(l.weight));
}

function writeMasked(wb: Workbench, name: string, w: Float32Array, mask: Uint8Array, rows: number, cols: number, stats: Map<string, PruneStats>): void {
  let nonZero = 0;
  for (let i = 0; i < w.length; i++) {
    if (!mask[i]) w[i] = 0;
    if (w[i] !== 0) nonZero++;
  }
  wb.setInitializer(makeTensor(name, DataType.FLOAT, [rows, cols], w), { kind: 'weight', param: name });
  if (wb.options.keepEffectiveWeights) wb.effective.set(name, w);
  stats.set(name, { nonZero, total: w.length, rows, cols });
}
