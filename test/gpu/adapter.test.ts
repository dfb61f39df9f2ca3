import { describe, expect, it } from 'vitest';

describe('the test browser', () => {
  it('has a WebGPU adapter that runs a compute shader', async () => {
    const adapter = await navigator.gpu.requestAdapter();
    expect(adapter).not.toBeNull();
    const device = await adapter!.requestDevice();
    const module = device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> data: array<u32>;
             @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
               if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * 2u + 1u; }
             }`,
    });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module } });
    const input = new Uint32Array(100).map((_, i) => i);
    const buf = device.createBuffer({
      size: input.byteLength,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(buf, 0, input);
    const read = device.createBuffer({ size: input.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }));
    pass.dispatchWorkgroups(2);
    pass.end();
    enc.copyBufferToBuffer(buf, 0, read, 0, input.byteLength);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const out = new Uint32Array(read.getMappedRange().slice(0));
    expect(Array.from(out.slice(0, 4))).toEqual([1, 3, 5, 7]);
    expect(out[99]).toBe(199);
  });
});
