// The compression worker end to end in the browser: load local File objects, build a variant
// on WebGPU inside the worker, get the same bytes as the CPU reference, run it on both EPs,
// cancel a build half-way (the earlier variant survives), and refuse a bad model while the
// loaded one stays.
import { afterAll, describe, expect, it } from 'vitest';
import { modelFootprint } from '../../../src/core/footprint/model-footprint.ts';
import { encodeModel } from '../../../src/core/onnx/proto.ts';
import { compressModel } from '../../../src/core/recipes/compress.ts';
import { CompressClient, type CodedError } from '../../../src/workers/compress-client.ts';
import type { CompressProgress } from '../../../src/workers/compress-protocol.ts';
import { firstByteMismatch } from '../../helpers/bytes.ts';
import { tinyTokenizerFiles } from '../../helpers/eval-tokenizers.ts';
import { buildTinyBert, tinyBertConfig, type TinyBertOptions } from '../../helpers/tiny-bert-onnx.ts';

const client = new CompressClient(new Worker(new URL('../../../src/workers/compress.worker.ts', import.meta.url), { type: 'module' }));
afterAll(() => client.dispose());

function modelFiles(options: TinyBertOptions, onnx = encodeModel(buildTinyBert(options))): File[] {
  const config = tinyBertConfig(options);
  const { tokenizerJson, tokenizerConfig } = tinyTokenizerFiles(config.vocab_size);
  return [
    new File([JSON.stringify(config)], 'config.json'),
    new File([JSON.stringify(tokenizerJson)], 'tokenizer.json'),
    new File([JSON.stringify(tokenizerConfig)], 'tokenizer_config.json'),
    new File([onnx as Uint8Array<ArrayBuffer>], 'model.onnx'),
  ];
}

describe('compress worker', () => {
  it('builds NF4 on WebGPU with the CPU reference bytes, footprint and per-layer SQNR', async () => {
    const summary = await client.load({ kind: 'files', files: modelFiles({}) }, 2e9).promise;
    expect(summary).toMatchObject({ linearLayers: 14, vocabSize: 96 });
    const progress: CompressProgress[] = [];
    const built = await client.compress('nf4', 'nf4', (p) => progress.push(p)).promise;
    expect(built.kernelBackends).toEqual(['webgpu']);
    expect(progress.filter((p) => p.status === 'layer' && p.step === 'nf4')).toHaveLength(12);
    const reference = await compressModel(buildTinyBert(), 'nf4');
    const referenceBytes = encodeModel(reference.model);
    const { bytes, fileName } = await client.bytes('nf4').promise;
    expect(fileName).toBe('model_bnb4.onnx');
    expect(firstByteMismatch(bytes, referenceBytes)).toBeNull();
    expect(built.footprint).toEqual(modelFootprint(reference, { onnxFileBytes: referenceBytes.byteLength }));
    const encoder = built.layers.filter((l) => l.layerIndex !== undefined);
    expect(encoder).toHaveLength(12);
    for (const l of encoder) expect(l.sqnrDb).toBeGreaterThan(15); // NF4 of Gaussian weights: ≈ 20 dB
  });

  it('runs the variant on the WebGPU and wasm EPs and reports CPU-placed nodes', async () => {
    const gpu = await client.run('nf4', 'webgpu').promise;
    const wasm = await client.run('nf4', 'wasm').promise;
    expect(gpu.cpuNodes!.every((n) => !n.startsWith('MatMulBnb4'))).toBe(true);
    expect(Math.abs(gpu.relativeToSource! - wasm.relativeToSource!)).toBeLessThan(1e-4);
    // LLM.int8 (activations quantized in the graph) runs on WebGPU too, close to its wasm run.
    await client.compress('int8', 'int8').promise;
    const int8Gpu = await client.run('int8', 'webgpu').promise;
    const int8Wasm = await client.run('int8', 'wasm').promise;
    expect(int8Gpu.skipped).toBeUndefined();
    expect(Math.abs(int8Gpu.relativeToSource! - int8Wasm.relativeToSource!)).toBeLessThan(1e-4);
  });

  it('cancels a build between layers and keeps the earlier variant', async () => {
    await client.load({ kind: 'files', files: modelFiles({ hidden: 256, intermediate: 1024, layers: 6 }) }, 2e9).promise;
    await client.compress('int4', 'int4').promise;
    const pending = client.compress('nf4', 'nf4', (p) => p.status === 'layer' && p.done === 2 && pending.cancel());
    const error = (await pending.promise.then(() => null, (e: unknown) => e)) as CodedError;
    expect([error?.name, error?.code]).toEqual(['CancelledError', 'cancelled']);
    expect((await client.bytes('int4').promise).bytes.byteLength).toBeGreaterThan(0);
  });

  it('refuses a truncated model and keeps the loaded one', async () => {
    const good = encodeModel(buildTinyBert());
    const error = (await client.load({ kind: 'files', files: modelFiles({}, good.subarray(0, 5000)) }, 2e9).promise.then(() => null, (e: unknown) => e)) as CodedError;
    expect([error.name, error.code]).toEqual(['ModelFormatError', 'truncated']);
    expect((await client.bytes('int4').promise).fileName).toBe('model_q4.onnx');
  });
});
