// Host for the pruning shaders: exact magnitude selection (radix select: 4 histogram passes of
// 8 bits over |w| bit patterns, every tensor adding into one histogram for global pruning), tie
// handling by flat index (per-chunk tie counts → quotas on the host → apply with a workgroup
// scan), 2:4 masks and structured sums. prune-per-tensor.ts runs the same steps for many
// tensors pruned each on its own, batched per step.
import histogramSrc from '../../shaders/prune-histogram.wgsl?raw';
import tiesSrc from '../../shaders/prune-ties.wgsl?raw';
import applySrc from '../../shaders/prune-apply.wgsl?raw';
import prune24Src from '../../shaders/prune-24.wgsl?raw';
import sumsSrc from '../../shaders/structured-sums.wgsl?raw';
import { KernelInputError } from '../core/kernels/errors.ts';
import {
  pruneCount,
  type MagnitudeSelection,
  type PruneResult,
  type StructuredAxis,
  type StructuredNorm,
} from '../core/kernels/prune.ts';
import { requireNonEmpty, requireParameter, requireShape } from '../core/kernels/validate.ts';
import { chunkRanges, type Chunk } from './chunks.ts';
import type { GpuContext } from './device.ts';
import { dispatch, releaseAll, storage, submitAndRead, uniformBuffer, upload, withErrorScopes } from './encode.ts';
import { LIB_F32, shader } from './shader-source.ts';

const HISTOGRAM = shader('prune-histogram', [histogramSrc]);
const TIES = shader('prune-ties', [tiesSrc]);
const APPLY = shader('prune-apply', [applySrc]);
const PRUNE24 = shader('prune-24', [prune24Src]);
const SUMS = shader('structured-sums', [LIB_F32, sumsSrc]);

/** Elements per tie chunk (256 invocations × 64); chunk boundaries of big tensors align to it. */
export const TIE_CHUNK = 256 * 64;
const HIST_ITEMS = 256;
const HIST_TILE = 256 * HIST_ITEMS;
const TIE_PER_THREAD = 64;

interface Piece {
  tensor: number;
  chunk: Chunk;
}

function pieces(ctx: GpuContext, tensors: ReadonlyArray<{ length: number }>): Piece[] {
  return tensors.flatMap((t, tensor) =>
    chunkRanges(ctx, 'pruneGlobal', t.length, 4, Math.max(TIE_CHUNK, HIST_TILE)).map((chunk) => ({ tensor, chunk })),
  );
}

export function encodePruneHistogram(
  ctx: GpuContext, encoder: GPUCommandEncoder,
  a: { n: number; pass: number; prefix: number; src: GPUBuffer; hist: GPUBuffer; timestampWrites?: GPUComputePassTimestampWrites },
): GPUBuffer {
  const shift = 24 - 8 * a.pass;
  const maskHigh = a.pass === 0 ? 0 : (0xffffffff << (shift + 8)) >>> 0;
  const params = uniformBuffer(ctx, [{ u: a.n }, { u: shift }, { u: a.prefix }, { u: maskHigh }]);
  dispatch(ctx, encoder, ctx.pipelines.get(HISTOGRAM, 'main', { ITEMS: HIST_ITEMS }), [params, a.src, a.hist], Math.ceil(a.n / HIST_TILE), {
    timestampWrites: a.timestampWrites,
  });
  return params;
}

/** Where a radix select stands: the key bits chosen so far, the rank sought among keys with them, keys below. */
export interface RadixState {
  prefix: number;
  /** 1-based rank of the wanted key among those matching the prefix. */
  rank: number;
  below: number;
}

/** Picks pass `pass`'s digit from its 256-bin histogram (selectMagnitude's step). */
export function radixStep(state: RadixState, counts: Uint32Array, pass: number): void {
  let digit = 0;
  while (state.rank > counts[digit]!) {
    state.rank -= counts[digit]!;
    state.below += counts[digit]!;
    digit++;
  }
  state.prefix = (state.prefix | (digit << (24 - 8 * pass))) >>> 0;
}

/** Records prune-ties: keys equal to the threshold per TIE_CHUNK elements of `src`, into `counts`. */
export function encodePruneTies(
  ctx: GpuContext, encoder: GPUCommandEncoder, a: { n: number; threshold: number; src: GPUBuffer; counts: GPUBuffer },
): GPUBuffer {
  const params = uniformBuffer(ctx, [{ u: a.n }, { u: a.threshold }]);
  dispatch(ctx, encoder, ctx.pipelines.get(TIES, 'main', { PER_THREAD: TIE_PER_THREAD }), [params, a.src, a.counts], Math.ceil(a.n / TIE_CHUNK));
  return params;
}

/** Records prune-apply: `src` with the selection's weights zeroed (quota: ties per TIE_CHUNK) into `out`. */
export function encodePruneApply(
  ctx: GpuContext, encoder: GPUCommandEncoder,
  a: { n: number; selection: MagnitudeSelection; src: GPUBuffer; quota: GPUBuffer; out: GPUBuffer },
): GPUBuffer {
  const params = uniformBuffer(ctx, [{ u: a.n }, { u: a.selection.thresholdKey }, { u: a.selection.k > 0 ? 1 : 0 }]);
  dispatch(ctx, encoder, ctx.pipelines.get(APPLY, 'main', { PER_THREAD: TIE_PER_THREAD }), [params, a.src, a.quota, a.out], Math.ceil(a.n / TIE_CHUNK));
  return params;
}

/** Whether a tensor of n elements fits one binding (no chunked path). */
export function fitsOneChunk(ctx: GpuContext, n: number): boolean {
  return pieces(ctx, [{ length: n }]).length === 1;
}

/** The same selection as the CPU reference's selectMagnitude, with the histograms on the GPU. */
async function selectOnGpu(ctx: GpuContext, tensors: readonly Float32Array[], parts: Piece[], k: number): Promise<MagnitudeSelection> {
  if (k === 0) return { k, thresholdKey: 0, below: 0, tieQuota: 0 };
  const state: RadixState = { prefix: 0, rank: k, below: 0 };
  const resident = parts.length === 1 ? upload(ctx, tensors[0]!) : null; // one upload for all 4 passes
  for (let pass = 0; pass < 4; pass++) {
    const hist = storage(ctx, 1024);
    const clear = ctx.device.createCommandEncoder();
    clear.clearBuffer(hist);
    ctx.device.queue.submit([clear.finish()]);
    const temps: GPUBuffer[] = [];
    for (const { tensor, chunk } of parts) {
      const src = resident ?? upload(ctx, tensors[tensor]!.subarray(chunk.start, chunk.start + chunk.count));
      const encoder = ctx.device.createCommandEncoder();
      temps.push(encodePruneHistogram(ctx, encoder, { n: chunk.count, pass, prefix: state.prefix, src, hist }));
      ctx.device.queue.submit([encoder.finish()]);
      if (!resident) temps.push(src);
    }
    const [bytes] = await submitAndRead(ctx, ctx.device.createCommandEncoder(), [{ buffer: hist, bytes: 1024 }]);
    releaseAll(ctx, [...temps, hist]);
    radixStep(state, new Uint32Array(bytes!), pass);
  }
  if (resident) ctx.pool.release(resident);
  return { k, thresholdKey: state.prefix, below: state.below, tieQuota: k - state.below };
}

export async function gpuPruneGlobal(ctx: GpuContext, tensors: readonly Float32Array[], amount: number): Promise<PruneResult> {
  if (tensors.length === 0) throw new KernelInputError('empty', 'pruneGlobal', 'at least one tensor', 'none');
  for (const t of tensors) requireNonEmpty('pruneGlobal', t.length);
  const n = tensors.reduce((s, t) => s + t.length, 0);
  const k = pruneCount(n, amount);
  return withErrorScopes(ctx, 'pruneGlobal', async () => {
    const parts = pieces(ctx, tensors);
    const selection = await selectOnGpu(ctx, tensors, parts, k);
    // Tie counts per TIE_CHUNK elements, in flat order over all pieces.
    const tieCounts: Uint32Array[] = [];
    for (const { tensor, chunk } of parts) {
      const chunks = Math.ceil(chunk.count / TIE_CHUNK);
      const src = upload(ctx, tensors[tensor]!.subarray(chunk.start, chunk.start + chunk.count));
      const counts = storage(ctx, chunks * 4);
      const encoder = ctx.device.createCommandEncoder();
      const params = encodePruneTies(ctx, encoder, { n: chunk.count, threshold: selection.thresholdKey, src, counts });
      const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: counts, bytes: chunks * 4 }]);
      tieCounts.push(new Uint32Array(bytes!));
      releaseAll(ctx, [src, counts, params]);
    }
    let remaining = selection.tieQuota;
    const pruned = tensors.map((t) => new Float32Array(t.length));
    for (const [p, { tensor, chunk }] of parts.entries()) {
      const quota = tieCounts[p]!.map((c) => {
        const q = Math.min(c, remaining);
        remaining -= q;
        return q;
      });
      const src = upload(ctx, tensors[tensor]!.subarray(chunk.start, chunk.start + chunk.count));
      const quotaBuf = upload(ctx, quota);
      const out = storage(ctx, chunk.count * 4);
      const encoder = ctx.device.createCommandEncoder();
      const params = encodePruneApply(ctx, encoder, { n: chunk.count, selection, src, quota: quotaBuf, out });
      const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: out, bytes: chunk.count * 4 }]);
      pruned[tensor]!.set(new Float32Array(bytes!), chunk.start);
      releaseAll(ctx, [src, quotaBuf, out, params]);
    }
    return { pruned, selection };
  });
}

export async function gpuPrune24(ctx: GpuContext, w: Float32Array, rows: number, cols: number, layout: 'out-in' | 'in-out'): Promise<Float32Array> {
  requireNonEmpty('prune24', w.length);
  requireShape('prune24', w.length, rows, cols);
  const inDim = layout === 'out-in' ? cols : rows;
  if (inDim % 4 !== 0) throw new KernelInputError('shape', 'prune24', 'an input dimension that is a multiple of 4', String(inDim));
  const out = new Float32Array(w.length);
  await withErrorScopes(ctx, 'prune24', async () => {
    // Chunks of whole row groups: 4 rows for [in, out], rows of a multiple of 4 for [out, in].
    const tile = layout === 'in-out' ? 4 * cols : 4;
    for (const { start, count } of chunkRanges(ctx, 'prune24', w.length, 4, tile)) {
      const src = upload(ctx, w.subarray(start, start + count));
      const outBuf = storage(ctx, count * 4);
      const groups = count / 4;
      const params = uniformBuffer(ctx, [{ u: groups }, { u: cols }, { u: layout === 'in-out' ? 1 : 0 }]);
      const encoder = ctx.device.createCommandEncoder();
      dispatch(ctx, encoder, ctx.pipelines.get(PRUNE24, 'main', { WG: 256 }), [params, src, outBuf], Math.ceil(groups / 256));
      const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: outBuf, bytes: count * 4 }]);
      out.set(new Float32Array(bytes!), start);
      releaseAll(ctx, [src, outBuf, params]);
    }
  });
  return out;
}

/** Row or column Σ|w| / Σw² (see structuredSums in the CPU reference). */
export async function gpuStructuredSums(
  ctx: GpuContext, w: Float32Array, rows: number, cols: number, axis: StructuredAxis, norm: StructuredNorm,
): Promise<Float32Array> {
  requireNonEmpty('structuredSums', w.length);
  requireShape('structuredSums', w.length, rows, cols);
  requireParameter('structuredSums', axis === 'row' || axis === 'column', "'row' or 'column'", axis);
  // Sequential per group: a column sum needs every row in one binding.
  if (w.byteLength > ctx.maxBindingBytes) {
    throw new KernelInputError('too-large', 'structuredSums', `at most ${ctx.maxBindingBytes} bytes`, `${w.byteLength} bytes`);
  }
  const [count, len, outer, inner] = axis === 'row' ? [rows, cols, cols, 1] : [cols, rows, 1, cols];
  return withErrorScopes(ctx, 'structuredSums', async () => {
    const src = upload(ctx, w);
    const out = storage(ctx, count * 4);
    const params = uniformBuffer(ctx, [{ u: count }, { u: len }, { u: outer }, { u: inner }]);
    const encoder = ctx.device.createCommandEncoder();
    dispatch(ctx, encoder, ctx.pipelines.get(SUMS, 'main', { WG: 64, L2: norm === 'l2' ? 1 : 0 }), [params, src, out], Math.ceil(count / 64));
    const [bytes] = await submitAndRead(ctx, encoder, [{ buffer: out, bytes: count * 4 }]);
    releaseAll(ctx, [src, out, params]);
    return new Float32Array(bytes!);
  });
}
