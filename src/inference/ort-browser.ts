// onnxruntime for the browser: the native WebGPU execution provider (formats.md §5: the
// default import loads the older JSEP backend, which returns wrong numbers for some of our
// quantized operators). The wasm files are self-hosted because the CDN default is unreachable
// offline. TODO(app shell): serve node_modules/onnxruntime-web/dist/*.{wasm,mjs} at this path.
import * as ort from 'onnxruntime-web/webgpu';

export const ORT_WASM_PATH = '/ort/';
ort.env.wasm.wasmPaths = ORT_WASM_PATH;

export { ort };
