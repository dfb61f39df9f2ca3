// The shared nbits suite on the CPU reference (Node).
import { nbitsSuite } from '../../kernels/nbits-int8.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

nbitsSuite(suiteContext('cpu'));
