// The shared int8 suite on the CPU reference (Node).
import { int8Suite } from '../../kernels/nbits-int8.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

int8Suite(suiteContext('cpu'));
