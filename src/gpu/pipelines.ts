// Compiled pipelines, cached. The module key is the shader's name (its text depends on
// nothing else: sizes travel in uniforms); override constants (workgroup size, block size,
// quant type) are part of the pipeline key because they change the compiled code.

export interface ShaderSpec {
  /** Unique per distinct WGSL text. */
  name: string;
  code: () => string;
}

export class PipelineCache {
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  get(shader: ShaderSpec, entryPoint: string, constants: Record<string, number> = {}): GPUComputePipeline {
    const key = pipelineKey(shader.name, entryPoint, constants);
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      const module = this.module(shader);
      pipeline = this.device.createComputePipeline({ layout: 'auto', label: key, compute: { module, entryPoint, constants } });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  /**
   * Compiles the pipelines named by `keys` (pipelineKey strings) all at once with
   * createComputePipelineAsync, which Dawn compiles on worker threads: on SwiftShader that was
   * 1.4× faster than one after another (6 bnb4 pipelines: 1.59 s vs 2.27 s), where get() compiles
   * one at a time. Unknown shaders and failed compiles are skipped: get() still compiles those
   * and reports their errors to the caller that needs them.
   */
  async prefetch(keys: readonly string[], shaderNamed: (name: string) => ShaderSpec | undefined): Promise<void> {
    await Promise.all(keys.map(async (key) => {
      if (this.pipelines.has(key)) return;
      const parsed = parsePipelineKey(key);
      const shader = parsed && shaderNamed(parsed.shader);
      if (!parsed || !shader) return;
      try {
        const pipeline = await this.device.createComputePipelineAsync({ layout: 'auto', label: key, compute: { module: this.module(shader), entryPoint: parsed.entryPoint, constants: parsed.constants } });
        if (!this.pipelines.has(key)) this.pipelines.set(key, pipeline);
      } catch {
        // get() will compile it again and surface the error where it matters.
      }
    }));
  }

  /** Keys of the pipelines compiled so far. */
  keys(): string[] {
    return [...this.pipelines.keys()];
  }

  private module(shader: ShaderSpec): GPUShaderModule {
    let module = this.modules.get(shader.name);
    if (!module) {
      module = this.device.createShaderModule({ code: shader.code(), label: shader.name });
      this.modules.set(shader.name, module);
      // A module that failed to compile must not stay cached (its error reaches the caller's
      // error scope as a validation error naming the WGSL line).
      const failed = module;
      void failed.getCompilationInfo?.().then((info) => {
        if (!info.messages.some((m) => m.type === 'error')) return;
        if (this.modules.get(shader.name) === failed) this.modules.delete(shader.name);
        for (const k of [...this.pipelines.keys()]) if (k.startsWith(`${shader.name}:`)) this.pipelines.delete(k);
      });
    }
    return module;
  }

  get size(): number {
    return this.pipelines.size;
  }
}

export function pipelineKey(shader: string, entryPoint: string, constants: Record<string, number>): string {
  return `${shader}:${entryPoint}:${Object.entries(constants).sort().map(([k, v]) => `${k}=${v}`).join(',')}`;
}

function parsePipelineKey(key: string): { shader: string; entryPoint: string; constants: Record<string, number> } | undefined {
  const [shader, entryPoint, list, ...rest] = key.split(':');
  if (!shader || !entryPoint || list === undefined || rest.length) return undefined;
  const constants: Record<string, number> = {};
  for (const pair of list ? list.split(',') : []) {
    const [name, value] = pair.split('=');
    if (!name || value === undefined || !Number.isFinite(Number(value))) return undefined;
    constants[name] = Number(value);
  }
  return { shader, entryPoint, constants };
}
