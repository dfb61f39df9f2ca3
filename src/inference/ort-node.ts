// onnxruntime for Node (tests, CLI): the wasm EP of plain onnxruntime-web, single-threaded
// so results do not depend on the machine's core count and no worker threads are spawned.
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

export { ort };
