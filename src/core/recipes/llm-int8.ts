// LLM.int8 (bitsandbytes' 8-bit, formats.md §2) as a standard-ONNX subgraph per Linear layer.
// Weights: CB = int8 row-wise codes of the fp16 weight, SCB = float32 row absmax (stored in the
// ONNX [in, out] layout: CB [K, N], SCB [N]). Activations, per batch, inside the graph:
//   X2 = X reshaped to [M, K] (M = batch·seq rows)
//   outlier columns: max_m |X2[m, k]| ≥ threshold (threshold 0: none)
//   SCA[m] = max |X2[m, k]| over the elements BELOW the threshold (bitsandbytes'
//            int8_vectorwise_quant excludes outlier values, not whole columns, from the absmax),
//            as |X2| − ThresholdedRelu(|X2|, alpha = the float just below the threshold):
//            exact (x − 0 or x − x), and one fast pass where Less + Where were three slow ones
//   Xq = round_half_even(X2' · (127 / SCA))  with X2' = X2 with outlier columns zeroed,
//            computed as QuantizeLinear(X2' · (127 / SCA), scale 1, zero point 128) = Xq + 128
//   int8 path: acc = MatMulInteger(Xq + 128 as uint8, CB, zero point 128) — exact int32 sums
//            of Xq·CB. A float32 MatMul would not be exact: |acc| can reach 127²·K ≈ 4.95e7 for
//            K = 3072 > 2²⁴, where float32 stops representing every integer. The uint8 form is
//            the same sum (MatMulInteger subtracts the zero point in int32) and ORT's wasm
//            build has a SIMD u8×s8 kernel, while s8×s8 falls back to a scalar loop (~16×
//            slower). MatMulInteger runs on the CPU EP of every ORT build (also under WebGPU).
//   rescale: Y = ((float(acc) · SCA) · SCB) · (1/127²)   (our fixed float32 order, that of
//            bitsandbytes' int8_mm_dequant; float(acc) · SCA is one per-row DequantizeLinear)
//   outlier path: idx = NonZero(outlier columns ++ [true]) — the appended entry (index K) makes
//            idx never empty: onnxruntime-web's WebGPU EP cannot bind a zero-sized tensor, so a
//            batch without outlier columns used to fail there. The padding entry gathers
//            column idx mod K = 0 against a weight row scaled by 0 instead of 1/127, adding
//            0·x = 0 to every sum. Y += X2[:, idx] · W[idx, :], with W = float(CB)·SCB·(1/127)
//            the dequantized weight rows (bitsandbytes multiplies the outlier columns against
//            the dequantized int8 weight too; it keeps no fp16 copy).
//            (Measured alternative: a static mask, Y += (X2 · colmask) · W over all K columns,
//            runs a full float32 MatMul per layer and made the embedded model's int8 variant
//            slower than fp32 on wasm; the gather costs M·(n+1)·N for n outlier columns.)
// Activations stay float32 here (bitsandbytes: fp16); everything else follows bitsandbytes ≥ 0.45.
import { dequantizeInt8Rowwise, INV_127_F32 } from '../kernels/int8.ts';
import { transposeF32 } from '../kernels/layout.ts';
import { makeNode, opsetVersion, type AttributeValue } from '../onnx/graph.ts';
import { DataType, makeTensor } from '../onnx/tensor.ts';
import { requireOpset } from './int8-weight-only.ts';
import type { QuantSpec } from './spec.ts';
import type { Workbench } from './workbench.ts';

type Int8Spec = Extract<QuantSpec, { kind: 'int8' }>;

export const INV_127_SQUARED_F32 = Math.fround(1 / (127 * 127));
/** Keeps 127/SCA finite for an all-zero row (whose codes and output are 0 either way). */
export const TINY_ABSMAX = 1e-30;

export async function quantizeLlmInt8Layers(wb: Workbench, spec: Int8Spec): Promise<void> {
  requireOpset(wb, 13, 'int8 (LLM.int8 subgraph)');
  const reduceAxesAsInput = opsetVersion(wb.model) >= 18;
  const targets = wb.linears.filter((l) => l.quantize);
  const stored = new Map<string, { cb: string; scb: string }>();
  const shared = sharedConstants(wb, spec.threshold);
  for (const [index, layer] of targets.entries()) {
    const { weight, inFeatures: K, outFeatures: N } = layer;
    let w = stored.get(weight);
    if (!w) {
      const q = await wb.backend.quantizeInt8Rowwise(wb.readWeight(weight), { rows: K, cols: N, layout: 'in-out' });
      const cb = wb.uniqueName(`${weight}.CB`);
      const scb = wb.uniqueName(`${weight}.SCB`);
      wb.setInitializer(makeTensor(cb, DataType.INT8, [K, N], transposeInt8(q.codes, N, K)), { kind: 'codes', param: weight, weights: K * N, bits: 8 });
      wb.setInitializer(makeTensor(scb, DataType.FLOAT, [N], q.scb), { kind: 'scale', param: weight });
      if (wb.options.keepEffectiveWeights) wb.effective.set(weight, transposeF32(dequantizeInt8Rowwise(q), N, K));
      w = { cb, scb };
      stored.set(weight, w);
    }
    const x = layer.matmul.input[0]!;
    const prefix = `${layer.matmul.name || weight}/int8`;
    const v = (s: string) => wb.uniqueName(`${prefix}/${s}`);
    const nodes: ReturnType<typeof makeNode>[] = [];
    const op = (type: string, inputs: string[], attrs: Record<string, AttributeValue> = {}, output = v(type)): string => {
      nodes.push(makeNode(type, inputs, [output], v(`${type}_node`), attrs));
      return output;
    };
    const reduceMax = (input: string, axis: number, keepdims: number): string =>
      reduceAxesAsInput
        ? op('ReduceMax', [input, axis === 0 ? shared.axis0 : shared.axis1], { keepdims })
        : op('ReduceMax', [input], { axes: [axis], keepdims });
    const kShape = constant(wb, `${prefix}/shape_2d`, BigInt64Array.of(-1n, BigInt(K)));
    const x2 = op('Reshape', [x, kShape]);
    const ax = op('Abs', [x2]);
    let sca: string;
    let xin = x2;
    let isOutlier: string | undefined;
    if (spec.threshold > 0) {
      isOutlier = op('GreaterOrEqual', [reduceMax(ax, 0, 0), shared.threshold!]);
      const belowThreshold = op('Sub', [ax, op('ThresholdedRelu', [ax], { alpha: { float: floatBelow(spec.threshold) } })]);
      sca = reduceMax(belowThreshold, 1, 1);
      xin = op('Where', [isOutlier, shared.zero, x2]);
    } else {
      sca = reduceMax(ax, 1, 1);
    }
    const factor = op('Div', [shared.c127, op('Max', [sca, shared.tiny])]);
    // QuantizeLinear with scale 1 and zero point 128 is round_half_even(v / 1) + 128 with
    // v / 1 = v exactly: the code + 128 as uint8 in one pass (Round, Add, Cast took three).
    const xu = op('QuantizeLinear', [op('Mul', [xin, factor]), shared.one, shared.zp128]);
    // DequantizeLinear(acc, SCA per row) = float(acc − 0) · SCA[m]: Cast and the first Mul in one pass.
    const accSca = op('DequantizeLinear', [op('MatMulInteger', [xu, w.cb, shared.zp128]), op('Reshape', [sca, shared.flat])], { axis: 0 });
    let y2 = op('Mul', [op('Mul', [accSca, w.scb]), shared.inv127sq]);
    if (isOutlier) {
      // Never an empty tensor (see above): the padding entry K gathers column 0 × a zero row.
      const kLast = shared.k(K);
      const idxK = op('Reshape', [op('NonZero', [op('Concat', [isOutlier, shared.trueVec], { axis: 0 })]), shared.flat]);
      const idx = op('Mod', [idxK, kLast]);
      const rowScale = op('Mul', [op('Cast', [op('Less', [idxK, kLast])], { to: DataType.FLOAT }), shared.inv127]);
      const xo = op('Gather', [x2, idx], { axis: 1 });
      const cbo = op('Cast', [op('Gather', [w.cb, idx], { axis: 0 })], { to: DataType.FLOAT });
      const wo = op('Mul', [op('Mul', [cbo, w.scb]), op('Unsqueeze', [rowScale, shared.axis1])]);
      y2 = op('Add', [y2, op('MatMul', [xo, wo])]);
    }
    const lead = op('Slice', [op('Shape', [x]), shared.start0, shared.endMinus1]);
    const outShape = op('Concat', [lead, constant(wb, `${prefix}/n`, BigInt64Array.of(BigInt(N)))], { axis: 0 });
    op('Reshape', [y2, outShape], {}, layer.matmul.output[0]!);
    wb.replaceNode(layer.matmul, nodes);
    wb.progress('int8', index + 1, targets.length);
  }
  wb.dropUnused();
}

/** CB from bitsandbytes' [out, in] order to ONNX's [in, out]. */
function transposeInt8(codes: Int8Array, rows: number, cols: number): Int8Array {
  const out = new Int8Array(codes.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = codes[r * cols + c]!;
  return out;
}

function constant(wb: Workbench, base: string, values: Float32Array | BigInt64Array | Uint8Array, dims: number[] = [values.length], type = values instanceof Float32Array ? DataType.FLOAT : values instanceof Uint8Array ? DataType.UINT8 : DataType.INT64): string {
  const name = wb.uniqueName(base);
  wb.setInitializer(makeTensor(name, type, dims, values), { kind: 'constant', param: name });
  return name;
}

/**
 * The largest float32 below float32(t) (t ≥ 0): ThresholdedRelu keeps x > alpha, so it keeps
 * exactly the x ≥ t that GreaterOrEqual(x, float32(t)) finds.
 */
export function floatBelow(t: number): number {
  const f = Math.fround(t);
  if (f === 0) return -(2 ** -149);
  const bits = new Uint32Array(Float32Array.of(f).buffer)[0]!;
  return new Float32Array(Uint32Array.of(bits - 1).buffer)[0]!;
}

function sharedConstants(wb: Workbench, threshold: number) {
  const scalar = (name: string, value: number) => constant(wb, `llm_int8/${name}`, Float32Array.of(value), []);
  const ks = new Map<number, string>();
  return {
    /** int64 scalar K, one per distinct layer width. */
    k: (K: number) => ks.get(K) ?? ks.set(K, constant(wb, `llm_int8/k${K}`, BigInt64Array.of(BigInt(K)), [])).get(K)!,
    threshold: threshold > 0 ? scalar('threshold', threshold) : undefined,
    zero: scalar('zero', 0),
    tiny: scalar('tiny', TINY_ABSMAX),
    c127: scalar('127', 127),
    one: scalar('one', 1),
    zp128: constant(wb, 'llm_int8/zero_point', Uint8Array.of(128), []),
    trueVec: constant(wb, 'llm_int8/true', Uint8Array.of(1), [1], DataType.BOOL),
    inv127: scalar('inv127', INV_127_F32),
    inv127sq: scalar('inv127sq', INV_127_SQUARED_F32),
    axis0: constant(wb, 'llm_int8/axis0', BigInt64Array.of(0n)),
    axis1: constant(wb, 'llm_int8/axis1', BigInt64Array.of(1n)),
    flat: constant(wb, 'llm_int8/flat', BigInt64Array.of(-1n)),
    start0: constant(wb, 'llm_int8/start0', BigInt64Array.of(0n)),
    endMinus1: constant(wb, 'llm_int8/end_minus1', BigInt64Array.of(-1n)),
  };
}
