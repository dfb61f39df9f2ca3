// The shared double-quant suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { doubleQuantSuite } from '../../kernels/dq-prune-stats.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

doubleQuantSuite(suiteContext('webgpu'));
