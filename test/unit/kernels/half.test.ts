// The shared half suite on the CPU reference (Node).
import { halfSuite } from '../../kernels/absmax-half.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

halfSuite(suiteContext('cpu'));
