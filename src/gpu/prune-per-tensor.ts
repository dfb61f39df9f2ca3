// Per-tensor magnitude pruning of many tensors at once (prune-l1: every Linear layer pruned on
// its own). Each step of gpuPruneGlobal (4 radix-select histogram passes, tie counts, apply)
// ends in a GPU→CPU read-back, and on SwiftShader a round trip costs milliseconds, so a layer
// at a time cost ~6 round trips per layer. Here every step records one dispatch per tensor
// (each with its own histogram / counts / output buffer) into ONE encoder and reads all of
// them back in ONE read: ~6 round trips per batch. The selection and tie rule are
// gpuPruneGlobal's on each tensor alone, so the results are bit-identical to it and to the CPU
// reference. Tensors that need the chunked path (larger than one binding) go through
// gpuPruneGlobal one by one.
import { pruneCount, type MagnitudeSelection, type PruneResult } from '../core/kernels/prune.ts';
import { requireNonEmpty } from '../core/kernels/validate.ts';
import type { GpuContext } from './device.ts';
import { releaseAll, storage, submitAndReadConcat, upload, withErrorScopes } from './encode.ts';
import {
  encodePruneApply,
  encodePruneHistogram,
  encodePruneTies,
  fitsOneChunk,
  gpuPruneGlobal,
  radixStep,
  TIE_CHUNK,
  type RadixState,
} from './prune.ts';

/**
 * Weight bytes per batch. Bounds GPU memory (inputs, outputs and the read-back copy are each
 * this big) on large models; the embedded model's Linear layers (~14 MB) are one batch.
 */
const BATCH_BYTES = 64 << 20;
const HIST_BYTES = 256 * 4;

export async function gpuPrunePerTensor(ctx: GpuContext, tensors: readonly Float32Array[], amount: number): Promise<PruneResult[]> {
  // The CPU reference's checks, in its order, before any work.
  const ks = tensors.map((t) => {
    requireNonEmpty('pruneGlobal', t.length);
    return pruneCount(t.length, amount);
  });
  const out: PruneResult[] = [];
  const budget = Math.min(ctx.maxBindingBytes, BATCH_BYTES);
  let batch: number[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const results = await pruneBatch(ctx, batch.map((i) => tensors[i]!), batch.map((i) => ks[i]!));
    batch.forEach((i, j) => (out[i] = results[j]!));
    batch = [];
    bytes = 0;
  };
  for (const [i, t] of tensors.entries()) {
    if (!fitsOneChunk(ctx, t.length)) {
      out[i] = await gpuPruneGlobal(ctx, [t], amount);
      continue;
    }
    if (bytes + t.byteLength > budget) await flush();
    batch.push(i);
    bytes += t.byteLength;
  }
  await flush();
  return out;
}

async function pruneBatch(ctx: GpuContext, tensors: Float32Array[], ks: number[]): Promise<PruneResult[]> {
  return withErrorScopes(ctx, 'prunePerTensor', async () => {
    const srcs = tensors.map((t) => upload(ctx, t)); // resident for all six steps
    const selections = await selectAll(ctx, tensors, srcs, ks);
    const quotas = await tieQuotas(ctx, tensors, srcs, selections);
    const pruned = await applyAll(ctx, tensors, srcs, selections, quotas);
    releaseAll(ctx, srcs);
    return pruned.map((p, i) => ({ pruned: [p], selection: selections[i]! }));
  });
}

/** selectMagnitude per tensor: each pass is one submit with one histogram per tensor, one read. */
async function selectAll(ctx: GpuContext, tensors: Float32Array[], srcs: GPUBuffer[], ks: number[]): Promise<MagnitudeSelection[]> {
  const states: RadixState[] = ks.map((k) => ({ prefix: 0, rank: k, below: 0 }));
  const active = ks.flatMap((k, i) => (k > 0 ? [i] : [])); // k = 0 selects nothing
  const hists = active.map(() => storage(ctx, HIST_BYTES, 'hist'));
  for (let pass = 0; pass < 4 && active.length > 0; pass++) {
    const encoder = ctx.device.createCommandEncoder();
    const params = active.map((i, j) => {
      encoder.clearBuffer(hists[j]!, 0, HIST_BYTES);
      return encodePruneHistogram(ctx, encoder, { n: tensors[i]!.length, pass, prefix: states[i]!.prefix, src: srcs[i]!, hist: hists[j]! });
    });
    const counts = new Uint32Array(await submitAndReadConcat(ctx, encoder, hists.map((buffer) => ({ buffer, bytes: HIST_BYTES }))));
    releaseAll(ctx, params);
    active.forEach((i, j) => radixStep(states[i]!, counts.subarray(j * 256, (j + 1) * 256), pass));
  }
  releaseAll(ctx, hists);
  return ks.map((k, i) => {
    const below = k > 0 ? states[i]!.below : 0;
    return { k, thresholdKey: k > 0 ? states[i]!.prefix : 0, below, tieQuota: k - below };
  });
}

/**
 * Ties to prune per TIE_CHUNK of each tensor, handed out in flat-index order. Only tensors of
 * several chunks need their tie counts (one submit, one read for all): a one-chunk tensor holds
 * at least tieQuota ties, so its one chunk prunes exactly tieQuota (0 when k = 0).
 */
async function tieQuotas(ctx: GpuContext, tensors: Float32Array[], srcs: GPUBuffer[], selections: MagnitudeSelection[]): Promise<Uint32Array[]> {
  const chunks = tensors.map((t) => Math.ceil(t.length / TIE_CHUNK));
  const quotas = selections.map((s, i) => {
    const q = new Uint32Array(chunks[i]!);
    q[0] = s.tieQuota;
    return q;
  });
  const counted = selections.flatMap((s, i) => (s.k > 0 && chunks[i]! > 1 ? [i] : []));
  if (counted.length === 0) return quotas;
  const encoder = ctx.device.createCommandEncoder();
  const temps: GPUBuffer[] = [];
  const reads = counted.map((i) => {
    const counts = storage(ctx, chunks[i]! * 4);
    temps.push(counts, encodePruneTies(ctx, encoder, { n: tensors[i]!.length, threshold: selections[i]!.thresholdKey, src: srcs[i]!, counts }));
    return { buffer: counts, bytes: chunks[i]! * 4 };
  });
  const words = new Uint32Array(await submitAndReadConcat(ctx, encoder, reads));
  releaseAll(ctx, temps);
  let at = 0;
  for (const i of counted) {
    let remaining = selections[i]!.tieQuota;
    quotas[i] = words.slice(at, at + chunks[i]!).map((c) => {
      const q = Math.min(c, remaining);
      remaining -= q;
      return q;
    });
    at += chunks[i]!;
  }
  return quotas;
}

/** Every tensor's pruned copy: one submit, one read. */
async function applyAll(
  ctx: GpuContext, tensors: Float32Array[], srcs: GPUBuffer[], selections: MagnitudeSelection[], quotas: Uint32Array[],
): Promise<Float32Array[]> {
  const encoder = ctx.device.createCommandEncoder();
  const temps: GPUBuffer[] = [];
  const reads = tensors.map((t, i) => {
    const quota = upload(ctx, quotas[i]!);
    const out = storage(ctx, t.byteLength);
    temps.push(quota, out, encodePruneApply(ctx, encoder, { n: t.length, selection: selections[i]!, src: srcs[i]!, quota, out }));
    return { buffer: out, bytes: t.byteLength };
  });
  const bytes = await submitAndReadConcat(ctx, encoder, reads);
  releaseAll(ctx, temps);
  // Each result gets its own ArrayBuffer, as before (results may be transferred to a worker).
  let at = 0;
  return tensors.map((t) => {
    const p = new Float32Array(bytes.slice(at, at + t.byteLength));
    at += t.byteLength;
    return p;
  });
}
