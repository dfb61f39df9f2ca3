// Runs before every GPU test file, inside Chromium. No adapter means the run is broken,
// not that the tests may be skipped: fail loudly with the way to fix it.
import { beforeAll } from 'vitest';

beforeAll(async () => {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) {
    throw new Error(
      'navigator.gpu is missing: this Chromium has no WebGPU. Start it with the flags in ' +
        'tools/test/chromium.ts (--enable-unsafe-webgpu --use-webgpu-adapter=swiftshader ...).',
    );
  }
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new Error(
      'WebGPU found no adapter. Install Debian\'s chromium (it bundles SwiftShader) and run ' +
        'with the flags in tools/test/chromium.ts; on a real GPU check chrome://gpu.',
    );
  }
});
