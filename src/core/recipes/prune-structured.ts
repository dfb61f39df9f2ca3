// Structured pruning of feed-forward neurons: neuron j of a BERT layer is column j of
// intermediate.dense ([H, I] in ONNX, row j in PyTorch), its bias b1[j], and row j of
// output.dense ([I, H]). Importance = L2 norm of the intermediate weights of the neuron
// (torch.nn.utils.prune.ln_structured(n=2, dim=0) on intermediate.dense). Removing the
// neuron removes all three, so the rebuilt graph is physically smaller and faster — unlike
// unstructured pruning, which only writes zeros.
import { RecipeError } from '../onnx/errors.ts';
import { DataType, makeTensor } from '../onnx/tensor.ts';
import type { PruneStats } from './prune.ts';
import { pruneCount } from './prune-select.ts';
import type { Workbench } from './workbench.ts';

export function pruneFeedForward(wb: Workbench, amount: number, stats: Map<string, PruneStats>): void {
  const byLayer = new Map<number, { up?: (typeof wb.linears)[number]; down?: (typeof wb.linears)[number] }>();
  for (const l of wb.linears) {
    if (l.layerIndex === undefined || (l.role !== 'intermediate' && l.role !== 'output')) continue;
    const pair = byLayer.get(l.layerIndex) ?? {};
    if (l.role === 'intermediate') pair.up = l;
    else pair.down = l;
    byLayer.set(l.layerIndex, pair);
  }
  const pairs = [...byLayer.values()].filter((p) => p.up && p.down);
  if (pairs.length === 0) {
    throw new RecipeError('bad-combination', {
      expected: 'encoder layers with intermediate.dense and output.dense Linear layers',
      found: 'no such pair (the layer names of this export are not recognised)',
      fix: 'Use unstructured pruning (prune-l1) for this model.',
    });
  }
  for (const { up, down } of pairs) {
    const H = up!.inFeatures;
    const I = up!.outFeatures;
    const w1 = wb.readWeight(up!.weight);
    const w2 = wb.readWeight(down!.weight);
    const norms = new Float64Array(I);
    for (let h = 0; h < H; h++) for (let j = 0; j < I; j++) norms[j]! += w1[h * I + j]! ** 2;
    const drop = pruneCount(amount, I);
    // Keep the I − drop largest norms; equal norms keep the lower index. Kept neurons stay in order.
    const ranked = Array.from({ length: I }, (_, j) => j).sort((a, b) => norms[b]! - norms[a]! || a - b);
    const keep = ranked.slice(0, I - drop).sort((a, b) => a - b);
    const k = keep.length;
    const newW1 = new Float32Array(H * k);
    for (let h = 0; h < H; h++) keep.forEach((j, c) => (newW1[h * k + c] = w1[h * I + j]!));
    const newW2 = new Float32Array(k * H);
    keep.forEach((j, r) => newW2.set(w2.subarray(j * H, (j + 1) * H), r * H));
    wb.setInitializer(makeTensor(up!.weight, DataType.FLOAT, [H, k], newW1), { kind: 'weight', param: up!.weight });
    wb.setInitializer(makeTensor(down!.weight, DataType.FLOAT, [k, H], newW2), { kind: 'weight', param: down!.weight });
    if (up!.bias) {
      const b1 = wb.readWeight(up!.bias.name);
      wb.setInitializer(makeTensor(up!.bias.name, DataType.FLOAT, [k], Float32Array.from(keep, (j) => b1[j]!)), { kind: 'weight', param: up!.bias.name });
    }
    up!.outFeatures = k;
    down!.inFeatures = k;
    if (wb.options.keepEffectiveWeights) {
      // The equivalent full-size weight: removed neurons' output rows zeroed (their
      // activations then contribute exactly nothing), so the original graph can check us.
      const masked = new Float32Array(I * H);
      keep.forEach((j) => masked.set(w2.subarray(j * H, (j + 1) * H), j * H));
      wb.effective.set(down!.weight, masked);
    }
    stats.set(up!.weight, { nonZero: countNonZero(newW1), total: H * k, rows: H, cols: k });
    stats.set(down!.weight, { nonZero: countNonZero(newW2), total: k * H, rows: k, cols: H });
  }
  // Shapes recorded by the exporter for intermediate values are now stale; ORT re-infers them.
  wb.graph.valueInfo = [];
}

function countNonZero(w: Float32Array): number {
  let n = 0;
  for (const v of w) if (v !== 0) n++;
  return n;
}
