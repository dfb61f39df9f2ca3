// The shared stats suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { statsSuite } from '../../kernels/dq-prune-stats.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

statsSuite(suiteContext('webgpu'));
