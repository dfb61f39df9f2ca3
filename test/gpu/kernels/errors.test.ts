// The shared errors suite on the WGSL kernels (Chromium, WebGPU); every result must say 'webgpu'.
import { errorsSuite } from '../../kernels/errors.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

errorsSuite(suiteContext('webgpu'));
