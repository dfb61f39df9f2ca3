// The kernel worker round trip, in the browser: typed requests, transferred results, named
// errors rebuilt on the UI side, WebGPU inside the worker.
import { describe, expect, it } from 'vitest';
import * as cpu from '../../../src/core/kernels/index.ts';
import { KernelInputError } from '../../../src/core/kernels/errors.ts';
import { normalSample } from '../../../src/core/random.ts';
import { createKernelClient } from '../../../src/workers/kernel-client.ts';
import { expectSameBytes } from '../../kernels/context.ts';

describe('kernel worker', () => {
  it('quantizes in the worker on WebGPU and returns the reference bytes', async () => {
    const client = createKernelClient();
    const x = normalSample(4097, 1);
    const q = await client.run('quantizeBnb4', x, { type: 'nf4' });
    expect(q.backend).toBe('webgpu');
    const ref = cpu.quantizeBnb4(x, { type: 'nf4' });
    expectSameBytes(q.value.packed, ref.packed);
    expectSameBytes(q.value.absmax, ref.absmax);
    const back = await client.run('dequantizeBnb4', q.value, { f16: true });
    expectSameBytes(back.value, cpu.f32ToHalfBits(cpu.dequantizeBnb4(ref), 'f16'));
    const pruned = await client.run('pruneGlobal', [x], 0.25);
    expectSameBytes(pruned.value.pruned[0]!, cpu.pruneGlobal([x], 0.25).pruned[0]!);
    client.dispose();
  });

  it('rebuilds KernelInputError with its code across the boundary', async () => {
    const client = createKernelClient();
    const error = await client.run('quantizeBnb4', new Float32Array(10), { type: 'fp4', blockSize: 48 }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(KernelInputError);
    expect((error as KernelInputError).code).toBe('block-size');
    client.dispose();
  });

  it('can be reconfigured (e.g. forced onto the CPU reference)', async () => {
    const client = createKernelClient();
    await client.configure({ backend: 'cpu' });
    const r = await client.run('countZeros', Float32Array.from([0, 1, -0]));
    expect(r).toEqual({ backend: 'cpu', value: 2 });
    client.dispose();
  });
});
