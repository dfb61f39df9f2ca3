// The shared prune suite on the CPU reference (Node).
import { pruneSuite } from '../../kernels/dq-prune-stats.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

pruneSuite(suiteContext('cpu'));
