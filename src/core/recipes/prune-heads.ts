// Structured pruning of attention heads: head h of a BERT layer owns head_size consecutive
// output columns of the query, key and value weights ([H, heads·head_size] in ONNX) with their
// bias entries, and the same rows of the attention output weight ([heads·head_size, H]).
// Removing a head removes all of them and rewrites the Reshapes that split and merge heads
// (attention-shapes.ts), so the rebuilt graph is physically smaller and faster.
//
// Importance: the L2 norm of everything the head owns, √(Σ w²) over its q/k/v columns and
// output rows — the Frobenius norm of the head's weight block, the same criterion prune-ffn
// uses for neurons (torch.nn.utils.prune.ln_structured, n=2). L2 rather than L1 because a
// head's effect on the residual stream grows with the energy of its weights, which a few
// large weights dominate; L1 would let many tiny weights outvote them. Heads are ranked by the
// float32 sums Σw² (the same order as the norms, without the rounding of the root). The
// per-row/column sums come from the backend's structuredSums kernel, so the WebGPU backend
// ranks exactly like the CPU one (its sums are bit-identical); the per-head totals are added
// here, on the CPU, in a fixed order.
//
// Why the small graph equals the big one with those heads' output rows zeroed: heads do not
// interact before the output projection (each has its own scores and softmax), so a kept head
// computes the same context either way, and a removed head's context reaches the output only
// through its output rows.
import { RecipeError } from '../onnx/errors.ts';
import type { LinearLayer } from '../onnx/linear.ts';
import { DataType, makeTensor } from '../onnx/tensor.ts';
import { attentionLayout, lookupOf, removeDeadShapeNodes, type AttentionLayout } from './attention-shapes.ts';
import type { PruneStats } from './prune.ts';
import { headsToRemove } from './prune-select.ts';
import type { Workbench } from './workbench.ts';

interface AttentionLinears {
  qkv: [LinearLayer, LinearLayer, LinearLayer];
  out: LinearLayer;
}

export async function pruneAttentionHeads(wb: Workbench, amount: number, stats: Map<string, PruneStats>): Promise<void> {
  const layers = attentionLayers(wb);
  // Every layer's graph is checked before any is changed, so an unsupported export fails whole.
  const look = lookupOf(wb.graph);
  const layouts = layers.map((l) => attentionLayout(look, l.qkv, l.out));
  for (const [i, layer] of layers.entries()) {
    const layout = layouts[i]!;
    const sums = await headSquareSums(wb, layer, layout);
    const drop = headsToRemove(amount, layout.heads);
    // Keep the largest sums; equal sums keep the lower index. Kept heads stay in order.
    const ranked = Array.from({ length: layout.heads }, (_, h) => h).sort((a, b) => sums[b]! - sums[a]! || a - b);
    const keep = ranked.slice(0, layout.heads - drop).sort((a, b) => a - b);
    shrinkLayer(wb, layer, layout, keep, stats);
    layout.rewrite(wb, keep.length);
    wb.progress('prune-heads', i + 1, layers.length);
  }
  removeDeadShapeNodes(wb);
  // Shapes recorded by the exporter for intermediate values are now stale; ORT re-infers them.
  wb.graph.valueInfo = [];
}

function attentionLayers(wb: Workbench): AttentionLinears[] {
  const byLayer = new Map<number, Partial<Record<LinearLayer['role'], LinearLayer>>>();
  for (const l of wb.linears) {
    if (l.layerIndex === undefined || !l.role.startsWith('attention.')) continue;
    const roles = byLayer.get(l.layerIndex) ?? {};
    roles[l.role] = l;
    byLayer.set(l.layerIndex, roles);
  }
  const layers: AttentionLinears[] = [];
  for (const r of byLayer.values()) {
    const [q, k, v, out] = [r['attention.query'], r['attention.key'], r['attention.value'], r['attention.output']];
    if (!q || !k || !v || !out) continue;
    const width = out.inFeatures;
    if (q.outFeatures !== width || k.outFeatures !== width || v.outFeatures !== width) {
      throw new RecipeError('bad-combination', {
        expected: `query/key/value widths equal to the attention output's input width (${width}) in ${out.weight}'s layer`,
        found: `${q.outFeatures}, ${k.outFeatures}, ${v.outFeatures}`,
        fix: 'prune-heads supports standard multi-head attention only; use prune-ffn or prune-l1.',
      });
    }
    layers.push({ qkv: [q, k, v], out });
  }
  if (layers.length === 0) {
    throw new RecipeError('bad-combination', {
      expected: 'encoder layers with attention query, key, value and output.dense Linear layers',
      found: 'no such group (the layer names of this export are not recognised)',
      fix: 'Use prune-ffn or unstructured pruning (prune-l1) for this model.',
    });
  }
  return layers;
}

/** Σw² per head over its q/k/v columns and output rows, float32, in a fixed order. */
async function headSquareSums(wb: Workbench, layer: AttentionLinears, layout: AttentionLayout): Promise<Float32Array> {
  const { heads, headSize } = layout;
  const parts: Float32Array[] = [];
  for (const l of layer.qkv) parts.push(await wb.backend.structuredSums(wb.readWeight(l.weight), l.inFeatures, l.outFeatures, 'column', 'l2'));
  const out = layer.out;
  parts.push(await wb.backend.structuredSums(wb.readWeight(out.weight), out.inFeatures, out.outFeatures, 'row', 'l2'));
  const sums = new Float32Array(heads);
  for (let h = 0; h < heads; h++) {
    let acc = 0;
    for (const part of parts) for (let i = h * headSize; i < (h + 1) * headSize; i++) acc = Math.fround(acc + part[i]!);
    sums[h] = acc;
  }
  return sums;
}

function shrinkLayer(wb: Workbench, layer: AttentionLinears, layout: AttentionLayout, keep: readonly number[], stats: Map<string, PruneStats>): void {
  const { headSize } = layout;
  const width = layout.heads * headSize;
  const kept = keep.length * headSize;
  // Source index of every kept column (q/k/v) or row (output), in order.
  const source = keep.flatMap((h) => Array.from({ length: headSize }, (_, i) => h * headSize + i));
  const keptMask = new Uint8Array(width);
  for (const j of source) keptMask[j] = 1;
  for (const l of layer.qkv) {
    const rows = l.inFeatures;
    const w = wb.readWeight(l.weight);
    const small = new Float32Array(rows * kept);
    for (let r = 0; r < rows; r++) source.forEach((j, c) => (small[r * kept + c] = w[r * width + j]!));
    wb.setInitializer(makeTensor(l.weight, DataType.FLOAT, [rows, kept], small), { kind: 'weight', param: l.weight });
    if (l.bias) {
      const b = wb.readWeight(l.bias.name);
      wb.setInitializer(makeTensor(l.bias.name, DataType.FLOAT, [kept], Float32Array.from(source, (j) => b[j]!)), { kind: 'weight', param: l.bias.name });
    }
    if (wb.options.keepEffectiveWeights) {
      // Full-size equivalent with the removed heads' columns zeroed (the output rows below
      // alone would already silence them; zeroing both is what "remove the head" means).
      wb.effective.set(l.weight, w.map((v, i) => (keptMask[i % width] ? v : 0)));
    }
    l.outFeatures = kept;
    stats.set(l.weight, { nonZero: countNonZero(small), total: small.length, rows, cols: kept });
  }
  const out = layer.out;
  const cols = out.outFeatures;
  const w = wb.readWeight(out.weight);
  const small = new Float32Array(kept * cols);
  source.forEach((j, r) => small.set(w.subarray(j * cols, (j + 1) * cols), r * cols));
  wb.setInitializer(makeTensor(out.weight, DataType.FLOAT, [kept, cols], small), { kind: 'weight', param: out.weight });
  if (wb.options.keepEffectiveWeights) {
    wb.effective.set(out.weight, w.map((v, i) => (keptMask[Math.floor(i / cols)] ? v : 0)));
  }
  out.inFeatures = kept;
  stats.set(out.weight, { nonZero: countNonZero(small), total: small.length, rows: kept, cols });
}

function countNonZero(w: Float32Array): number {
  let n = 0;
  for (const v of w) if (v !== 0) n++;
  return n;
}
