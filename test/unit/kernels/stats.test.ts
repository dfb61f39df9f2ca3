// The shared stats suite on the CPU reference (Node).
import { statsSuite } from '../../kernels/dq-prune-stats.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

statsSuite(suiteContext('cpu'));
