// The shared prune suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { pruneSuite } from '../../kernels/dq-prune-stats.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

pruneSuite(suiteContext('webgpu'));
