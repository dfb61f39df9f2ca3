// The shared bnb4 suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { bnb4Suite } from '../../kernels/bnb4.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

bnb4Suite(suiteContext('webgpu'));
