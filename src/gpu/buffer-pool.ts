// Reuses GPU buffers by (usage, rounded size): quantizing a model allocates the same few
// sizes over and over, and creating buffers is slow on every backend.

const MIN_SIZE = 256;
const BIG = 16 << 20;

/** Small sizes round to a power of two, big ones to 16 MiB steps (less waste at 89 MB). */
export function roundedSize(bytes: number): number {
  const b = Math.max(MIN_SIZE, bytes);
  if (b >= BIG) return Math.ceil(b / BIG) * BIG;
  return 2 ** Math.ceil(Math.log2(b));
}

export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private retainedBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    /** Free buffers kept beyond this are destroyed. */
    private readonly maxRetainedBytes = 512 << 20,
  ) {}

  acquire(bytes: number, usage: GPUBufferUsageFlags, label = 'bitlab'): GPUBuffer {
    const size = roundedSize(bytes);
    const list = this.free.get(`${usage}:${size}`);
    const reused = list?.pop();
    if (reused) {
      this.retainedBytes -= size;
      return reused;
    }
    return this.device.createBuffer({ size, usage, label });
  }

  release(buffer: GPUBuffer): void {
    if (this.retainedBytes + buffer.size > this.maxRetainedBytes) {
      buffer.destroy();
      return;
    }
    const key = `${buffer.usage}:${buffer.size}`;
    const list = this.free.get(key) ?? [];
    list.push(buffer);
    this.free.set(key, list);
    this.retainedBytes += buffer.size;
  }

  clear(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.retainedBytes = 0;
  }
}
