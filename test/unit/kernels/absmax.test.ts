// The shared absmax suite on the CPU reference (Node).
import { absmaxSuite } from '../../kernels/absmax-half.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

absmaxSuite(suiteContext('cpu'));
