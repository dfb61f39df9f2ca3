// The kernel API the app uses: every operation runs on WebGPU when it can and on the CPU
// reference otherwise, with identical inputs, checks, errors and (bit-exact) outputs; each
// result says which backend ran. Input errors (KernelInputError) are thrown by both backends
// before any work; a device lost twice throws GpuDeviceLostError.
import * as cpu from '../core/kernels/index.ts';
import type { Bnb4MatrixOptions, Bnb4Options, Bnb4Quantized } from '../core/kernels/bnb4.ts';
import type { DoubleQuantized } from '../core/kernels/double-quant.ts';
import type { HalfFormat } from '../core/kernels/convert.ts';
import type { Int8PerChannel, Int8Rowwise, Int8RowwiseOptions } from '../core/kernels/int8.ts';
import type { WeightLayout } from '../core/kernels/layout.ts';
import type { NBitsOptions, NBitsQuantized } from '../core/kernels/nbits.ts';
import type { PruneResult, StructuredAxis, StructuredNorm } from '../core/kernels/prune.ts';
import type { ErrorMetrics, Histogram, HistogramOptions } from '../core/kernels/stats.ts';
import { f32ToHalfBits } from '../core/kernels/convert.ts';
import { gpuBlockAbsmax, gpuColAbsmax, gpuRowAbsmax } from './absmax.ts';
import { gpuDequantizeBnb4, gpuQuantizeBnb4, gpuQuantizeBnb4Matrix } from './bnb4.ts';
import { gpuCopyF32, gpuF32ToHalfBits } from './convert.ts';
import { GpuOwner, webgpuAvailable, type GpuContext, type GpuOwnerOptions } from './device.ts';
import { gpuDequantizeDoubleQuant, gpuDoubleQuantize } from './double-quant.ts';
import { GpuUnavailableError } from './errors.ts';
import {
  gpuDequantizeInt8PerChannel,
  gpuDequantizeInt8Rowwise,
  gpuQuantizeInt8PerChannel,
  gpuQuantizeInt8Rowwise,
} from './int8.ts';
import { gpuDequantizeNBits, gpuQuantizeNBits } from './nbits.ts';
import { gpuPrune24, gpuPruneGlobal, gpuStructuredSums } from './prune.ts';
import { gpuPrunePerTensor } from './prune-per-tensor.ts';
import { gpuCountZeros, gpuErrorMetrics, gpuHistogram } from './stats.ts';

export type Backend = 'webgpu' | 'cpu';
export type BackendPreference = Backend | 'auto';

/** A kernel result and the backend that produced it. */
export interface Ran<T> {
  backend: Backend;
  value: T;
}

export interface KernelsOptions extends GpuOwnerOptions {
  /** 'auto' (default): WebGPU when available, else CPU. 'webgpu' never falls back. */
  backend?: BackendPreference;
}

export interface DequantOptions {
  /** FP16 bit patterns (Uint16Array) instead of float32 values. */
  f16?: boolean;
}

type Values = Float32Array | Uint16Array;

function half(x: Float32Array, o?: DequantOptions): Values {
  return o?.f16 ? f32ToHalfBits(x, 'f16') : x;
}

export class Kernels {
  private readonly owner: GpuOwner;
  private gpuFailed = false;

  constructor(private readonly options: KernelsOptions = {}) {
    this.owner = new GpuOwner(options);
  }

  /** Which backend the next call will try first. */
  get preferred(): Backend {
    const pref = this.options.backend ?? 'auto';
    if (pref !== 'auto') return pref;
    return !this.gpuFailed && webgpuAvailable() ? 'webgpu' : 'cpu';
  }

  /** The device owner (tests use it to simulate a device loss; the benchmark to encode passes). */
  get gpu(): GpuOwner {
    return this.owner;
  }

  dispose(): void {
    this.owner.dispose();
  }

  private async run<T>(onGpu: (ctx: GpuContext) => Promise<T>, onCpu: () => T): Promise<Ran<T>> {
    if (this.preferred === 'webgpu') {
      try {
        return { backend: 'webgpu', value: await this.owner.run(onGpu) };
      } catch (error) {
        if (!(error instanceof GpuUnavailableError) || this.options.backend === 'webgpu') throw error;
        this.gpuFailed = true;
      }
    }
    return { backend: 'cpu', value: onCpu() };
  }

  blockAbsmax(x: Float32Array, blockSize: number): Promise<Ran<Float32Array>> {
    return this.run((c) => gpuBlockAbsmax(c, x, blockSize), () => cpu.blockAbsmax(x, blockSize));
  }
  rowAbsmax(x: Float32Array, rows: number, cols: number): Promise<Ran<Float32Array>> {
    return this.run((c) => gpuRowAbsmax(c, x, rows, cols), () => cpu.rowAbsmax(x, rows, cols));
  }
  colAbsmax(x: Float32Array, rows: number, cols: number): Promise<Ran<Float32Array>> {
    return this.run((c) => gpuColAbsmax(c, x, rows, cols), () => cpu.colAbsmax(x, rows, cols));
  }

  quantizeBnb4(x: Float32Array, o: Bnb4Options): Promise<Ran<Bnb4Quantized>> {
    return this.run((c) => gpuQuantizeBnb4(c, x, o), () => cpu.quantizeBnb4(x, o));
  }
  quantizeBnb4Matrix(x: Float32Array, o: Bnb4MatrixOptions): Promise<Ran<Bnb4Quantized>> {
    return this.run((c) => gpuQuantizeBnb4Matrix(c, x, o), () => cpu.quantizeBnb4Matrix(x, o));
  }
  dequantizeBnb4(q: Bnb4Quantized, o?: DequantOptions): Promise<Ran<Values>> {
    return this.run(
      (c) => (o?.f16 ? gpuDequantizeBnb4(c, q, true) : gpuDequantizeBnb4(c, q, false)),
      () => half(cpu.dequantizeBnb4(q), o),
    );
  }

  doubleQuantize(absmax: Float32Array, offset?: number): Promise<Ran<DoubleQuantized>> {
    return this.run((c) => gpuDoubleQuantize(c, absmax, offset), () => cpu.doubleQuantize(absmax, offset));
  }
  dequantizeDoubleQuant(dq: DoubleQuantized): Promise<Ran<Float32Array>> {
    return this.run((c) => gpuDequantizeDoubleQuant(c, dq), () => cpu.dequantizeDoubleQuant(dq));
  }

  quantizeNBits(w: Float32Array, o: NBitsOptions): Promise<Ran<NBitsQuantized>> {
    return this.run((c) => gpuQuantizeNBits(c, w, o), () => cpu.quantizeNBits(w, o));
  }
  dequantizeNBits(q: NBitsQuantized, layout: WeightLayout = 'in-out', o?: DequantOptions): Promise<Ran<Values>> {
    return this.run(
      (c) => (o?.f16 ? gpuDequantizeNBits(c, q, layout, true) : gpuDequantizeNBits(c, q, layout, false)),
      () => half(cpu.dequantizeNBits(q, layout), o),
    );
  }

  quantizeInt8Rowwise(w: Float32Array, o: Int8RowwiseOptions): Promise<Ran<Int8Rowwise>> {
    return this.run((c) => gpuQuantizeInt8Rowwise(c, w, o), () => cpu.quantizeInt8Rowwise(w, o));
  }
  dequantizeInt8Rowwise(q: Int8Rowwise, o?: DequantOptions): Promise<Ran<Values>> {
    return this.run((c) => gpuDequantizeInt8Rowwise(c, q, !!o?.f16), () => half(cpu.dequantizeInt8Rowwise(q), o));
  }
  quantizeInt8PerChannel(w: Float32Array, rows: number, cols: number): Promise<Ran<Int8PerChannel>> {
    return this.run((c) => gpuQuantizeInt8PerChannel(c, w, rows, cols), () => cpu.quantizeInt8PerChannel(w, rows, cols));
  }
  dequantizeInt8PerChannel(q: Int8PerChannel, o?: DequantOptions): Promise<Ran<Values>> {
    return this.run((c) => gpuDequantizeInt8PerChannel(c, q, !!o?.f16), () => half(cpu.dequantizeInt8PerChannel(q), o));
  }

  f32ToHalfBits(x: Float32Array, format: HalfFormat): Promise<Ran<Uint16Array>> {
    return this.run((c) => gpuF32ToHalfBits(c, x, format), () => cpu.f32ToHalfBits(x, format));
  }
  copy(x: Float32Array): Promise<Ran<Float32Array>> {
    return this.run((c) => gpuCopyF32(c, x), () => cpu.copyF32(x));
  }

  pruneGlobal(tensors: readonly Float32Array[], amount: number): Promise<Ran<PruneResult>> {
    return this.run((c) => gpuPruneGlobal(c, tensors, amount), () => cpu.pruneGlobal(tensors, amount));
  }
  prunePerTensor(tensors: readonly Float32Array[], amount: number): Promise<Ran<PruneResult[]>> {
    return this.run((c) => gpuPrunePerTensor(c, tensors, amount), () => cpu.prunePerTensor(tensors, amount));
  }
  prune24(w: Float32Array, rows: number, cols: number, layout: 'out-in' | 'in-out'): Promise<Ran<Float32Array>> {
    return this.run((c) => gpuPrune24(c, w, rows, cols, layout), () => cpu.prune24(w, rows, cols, layout));
  }
  /** Per-row / per-column norms (L1, or L2 = float32 sqrt of the Σw² sums). */
  async structuredScores(w: Float32Array, rows: number, cols: number, axis: StructuredAxis, norm: StructuredNorm): Promise<Ran<Float32Array>> {
    const sums = await this.structuredSums(w, rows, cols, axis, norm);
    return { backend: sums.backend, value: cpu.normsFromSums(sums.value, norm) };
  }
  /** Head scores: groups of `headSize` rows/columns (e.g. 64 for BERT's 12 heads). */
  async headScores(w: Float32Array, rows: number, cols: number, axis: StructuredAxis, headSize: number, norm: StructuredNorm): Promise<Ran<Float32Array>> {
    const sums = await this.structuredSums(w, rows, cols, axis, norm);
    return { backend: sums.backend, value: cpu.headScores(sums.value, headSize, norm) };
  }
  structuredSums(w: Float32Array, rows: number, cols: number, axis: StructuredAxis, norm: StructuredNorm): Promise<Ran<Float32Array>> {
    return this.run((c) => gpuStructuredSums(c, w, rows, cols, axis, norm), () => cpu.structuredSums(w, rows, cols, axis, norm));
  }

  histogram(x: Float32Array, o: HistogramOptions): Promise<Ran<Histogram>> {
    return this.run((c) => gpuHistogram(c, x, o), () => cpu.histogram(x, o));
  }
  errorMetrics(x: Float32Array, xHat: Float32Array): Promise<Ran<ErrorMetrics>> {
    return this.run((c) => gpuErrorMetrics(c, x, xHat), () => cpu.errorMetrics(x, xHat));
  }
  countZeros(x: Float32Array): Promise<Ran<number>> {
    return this.run((c) => gpuCountZeros(c, x), () => cpu.countZeros(x));
  }
}

export function createKernels(options: KernelsOptions = {}): Kernels {
  return new Kernels(options);
}
