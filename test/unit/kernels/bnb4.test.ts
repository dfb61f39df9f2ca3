// The shared bnb4 suite on the CPU reference (Node).
import { bnb4Suite } from '../../kernels/bnb4.suite.ts';
import { suiteContext } from '../../kernels/context.ts';

bnb4Suite(suiteContext('cpu'));
