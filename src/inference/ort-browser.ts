// onnxruntime for the browser: the native WebGPU execution provider (formats.md §5: the
// default import loads the older JSEP backend, which returns wrong numbers for some of our
// quantized operators). The wasm files are self-hosted (served at /ort/ by
// tools/vite/ort-assets.ts and emitted by the build), because the CDN default is unreachable
// offline.
import * as ort from 'onnxruntime-web/webgpu';
import { wasmThreads } from './wasm-threads.ts';

export const ORT_WASM_PATH = '/ort/';
ort.env.wasm.wasmPaths = ORT_WASM_PATH;
ort.env.wasm.numThreads = wasmThreads();

export { ort };
