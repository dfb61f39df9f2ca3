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
    const key = `${shader.name}:${entryPoint}:${Object.entries(constants).sort().map(([k, v]) => `${k}=${v}`).join(',')}`;
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
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
      pipeline = this.device.createComputePipeline({ layout: 'auto', label: key, compute: { module, entryPoint, constants } });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  get size(): number {
    return this.pipelines.size;
  }
}
