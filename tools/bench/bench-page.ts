// The benchmark page (served by Vite, driven by run-bench.mjs): for each kernel and size, GPU
// time from timestamp queries (wall time around onSubmittedWorkDone when unavailable), median
// (or minimum, ?stat=min) of a few repeats (?repeats=) after a warm-up; GB/s = bytes read + written / time; ratio to the copy
// kernel at the same size; speedup over the CPU reference timed in this page.
import { normalSample } from '../../src/core/random.ts';
import { GpuOwner, type GpuContext } from '../../src/gpu/device.ts';
import { BENCH_CASES, type Shape } from './bench-cases.ts';

interface Row {
  kernel: string;
  n: number;
  gpuMs: number;
  timing: 'timestamp' | 'wall';
  gbPerS: number;
  ratioToCopy: number;
  /** Ratio to the faster of the two copies (the 256-byte-per-invocation reference row). */
  ratioToFastCopy: number;
  cpuMs: number;
  cpuMeasuredOn: number;
  speedup: number;
  repeats: number;
  stat: 'median' | 'min';
}

const params = new URLSearchParams(location.search);
const SIZES: Record<string, Shape> = {
  '1M': { n: 1 << 20, rows: 1024, cols: 1024 },
  '16M': { n: 1 << 24, rows: 4096, cols: 4096 },
  // every quantized Linear weight of bert-base: 12 × (4·768² + 2·768·3072)
  '85M': { n: 84_934_656, rows: 768, cols: 110_592 },
};
const sizes = (params.get('sizes') ?? '1M,16M,85M').split(',');
const cpuCap = Number(params.get('cpuCap') ?? 1 << 24);
const only = params.get('only'); // substring filter on kernel names (the copy yardstick always runs)
const repeatsParam = Number(params.get('repeats') ?? 0); // 0: by size (5, 3, 2)
// 'min' suits a machine shared with other work (contention only ever adds time); default median.
const stat = params.get('stat') === 'min' ? 'min' : 'median';
const logEl = document.getElementById('log')!;
const log = (line: string) => {
  console.log(line);
  logEl.textContent += `\n${line}`;
};

async function timeOnce(ctx: GpuContext, encode: (e: GPUCommandEncoder, s: import('./bench-cases.ts').Stamps) => void): Promise<{ ms: number; timing: Row['timing'] }> {
  const encoder = ctx.device.createCommandEncoder();
  let querySet: GPUQuerySet | null = null;
  let resolve: GPUBuffer | null = null;
  let read: GPUBuffer | null = null;
  if (ctx.hasTimestamps) {
    querySet = ctx.device.createQuerySet({ type: 'timestamp', count: 2 });
    resolve = ctx.device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    read = ctx.device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    encode(encoder, {
      only: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
      first: { querySet, beginningOfPassWriteIndex: 0 },
      last: { querySet, endOfPassWriteIndex: 1 },
    });
    encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
    encoder.copyBufferToBuffer(resolve, 0, read, 0, 16);
  } else {
    encode(encoder, {});
  }
  const t0 = performance.now();
  ctx.device.queue.submit([encoder.finish()]);
  await ctx.device.queue.onSubmittedWorkDone();
  const wall = performance.now() - t0;
  if (read && querySet && resolve) {
    await read.mapAsync(GPUMapMode.READ);
    const [begin, end] = new BigUint64Array(read.getMappedRange());
    const ns = Number(end! - begin!);
    read.unmap();
    [read, resolve].forEach((b) => b.destroy());
    querySet.destroy();
    if (ns > 0) return { ms: ns / 1e6, timing: 'timestamp' };
  }
  return { ms: wall, timing: 'wall' };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const summary = (v: number[]) => (stat === 'min' ? Math.min(...v) : median(v));

async function main(): Promise<void> {
  const owner = new GpuOwner();
  const ctx = await owner.context();
  log(`adapter: ${ctx.adapterInfo || 'unknown'}; timestamps: ${ctx.hasTimestamps}; max binding ${ctx.maxBindingBytes} bytes`);
  const rows: Row[] = [];
  for (const label of sizes) {
    const shape = SIZES[label];
    if (!shape) throw new Error(`unknown size ${label}`);
    const x = normalSample(shape.n, 2024);
    const input = ctx.device.createBuffer({ size: 4 * shape.n, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    ctx.device.queue.writeBuffer(input, 0, x as Float32Array<ArrayBuffer>);
    const repeats = repeatsParam > 0 ? repeatsParam : shape.n >= 50_000_000 ? 2 : shape.n >= 10_000_000 ? 3 : 5;
    // The CPU reference runs on the largest size within cpuCap and is scaled linearly.
    const cpuShape = shape.n <= cpuCap ? shape : Object.values(SIZES).filter((z) => z.n <= cpuCap).sort((a, b) => b.n - a.n)[0] ?? SIZES['1M']!;
    let copyGb = NaN;
    let fastCopyGb = NaN;
    for (const c of BENCH_CASES) {
      if (c.maxN !== undefined && shape.n > c.maxN) continue;
      if (only && !c.name.startsWith('copy') && !c.name.includes(only)) continue;
      const prepared = c.prepare(ctx, shape, input);
      await timeOnce(ctx, (e, s) => prepared.encode(e, s)); // warm-up (compiles, first touch)
      const runs: { ms: number; timing: Row['timing'] }[] = [];
      for (let r = 0; r < repeats; r++) runs.push(await timeOnce(ctx, (e, s) => prepared.encode(e, s)));
      prepared.dispose();
      const gpuMs = summary(runs.map((r) => r.ms));
      const gbPerS = c.bytes(shape) / (gpuMs / 1000) / 1e9;
      if (c.name === BENCH_CASES[0]!.name) copyGb = gbPerS; // the plain yardstick; the 256 B copy is a reference row
      if (c.name === BENCH_CASES[1]!.name) fastCopyGb = gbPerS;
      const t0 = performance.now();
      const timed = c.cpu(x, cpuShape);
      const cpuMsMeasured = typeof timed === 'number' ? timed : performance.now() - t0;
      const cpuMs = cpuMsMeasured * (shape.n / cpuShape.n);
      const row: Row = {
        kernel: c.name, n: shape.n, gpuMs, timing: runs[0]!.timing, gbPerS, ratioToCopy: gbPerS / copyGb, ratioToFastCopy: gbPerS / Math.max(copyGb, fastCopyGb || 0),
        cpuMs, cpuMeasuredOn: cpuShape.n, speedup: cpuMs / gpuMs, repeats, stat,
      };
      rows.push(row);
      log(`${label} ${c.name}: ${gpuMs.toFixed(2)} ms, ${gbPerS.toFixed(2)} GB/s, ${row.ratioToCopy.toFixed(2)}× copy, CPU ${cpuMs.toFixed(0)} ms → ${row.speedup.toFixed(1)}×`);
    }
    input.destroy();
  }
  owner.dispose();
  (window as unknown as { __benchResult: unknown }).__benchResult = {
    adapter: ctx.adapterInfo, timestamps: ctx.hasTimestamps, userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency, rows,
  };
}

main().catch((error: unknown) => {
  log(`FAILED: ${String(error)}`);
  (window as unknown as { __benchError: string }).__benchError = String(error instanceof Error ? error.stack : error);
});
