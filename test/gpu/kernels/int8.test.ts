// The shared int8 suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { int8Suite } from '../../kernels/nbits-int8.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

int8Suite(suiteContext('webgpu'));
