// The shared half suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { halfSuite } from '../../kernels/absmax-half.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

halfSuite(suiteContext('webgpu'));
