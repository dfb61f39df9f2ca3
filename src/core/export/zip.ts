// A downloadable model folder as one zip (fflate, in memory): config.json, the tokenizer
// files and onnx/<variant>.onnx (+ its external data), the layout transformers.js loads.
import { zipSync, type Zippable } from 'fflate';

export interface ModelFolder {
  config: Uint8Array | string;
  tokenizer: Uint8Array | string;
  tokenizerConfig: Uint8Array | string;
  /** File name under onnx/ (see onnxFileName) → bytes. */
  onnx: ReadonlyMap<string, Uint8Array>;
  /** Extra top-level files, e.g. a README describing the recipe and its footprint. */
  extra?: ReadonlyMap<string, Uint8Array | string>;
}

export function zipModelFolder(folder: ModelFolder, rootName = ''): Uint8Array {
  const bytes = (v: Uint8Array | string) => (typeof v === 'string' ? new TextEncoder().encode(v) : v);
  const files: Record<string, Uint8Array> = {
    'config.json': bytes(folder.config),
    'tokenizer.json': bytes(folder.tokenizer),
    'tokenizer_config.json': bytes(folder.tokenizerConfig),
  };
  for (const [name, data] of folder.extra ?? []) files[name] = bytes(data);
  // ONNX weights barely compress (level 0 = store) and deflating 400 MB would block for seconds.
  const onnx: Zippable = {};
  for (const [name, data] of folder.onnx) onnx[name] = [data, { level: 0 }];
  const tree: Zippable = { ...files, onnx };
  return zipSync(rootName ? { [rootName]: tree } : tree, { level: 6 });
}
