// The shared nbits suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { nbitsSuite } from '../../kernels/nbits-int8.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

nbitsSuite(suiteContext('webgpu'));
