// The shared absmax suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { absmaxSuite } from '../../kernels/absmax-half.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

absmaxSuite(suiteContext('webgpu'));
