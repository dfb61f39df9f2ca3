// The shared double-quant suite on the CPU reference (Node).
import { doubleQuantSuite } from '../../kernels/dq-prune-stats.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

doubleQuantSuite(suiteContext('cpu'));
