// The shared errors suite on the CPU reference (Node).
import { errorsSuite } from '../../kernels/errors.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

errorsSuite(suiteContext('cpu'));
