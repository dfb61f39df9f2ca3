// Getting the four files of a model folder (config.json, tokenizer.json, tokenizer_config.json,
// onnx/model.onnx) from one of three sources. The embedded model and the Hugging Face Hub
// share one code path (a base URL in hub layout); the hub's files are kept in the Cache API
// so a second visit works offline. Local files come from a picked/dropped folder or files.
import { ModelLoadError, cancelledError, checkBudget } from './errors.ts';
import { fetchFile, type DownloadProgress } from './fetch-file.ts';

export type ModelSource =
  | { kind: 'embedded'; baseUrl: string; name: string }
  | { kind: 'hub'; host: string; id: string }
  | { kind: 'files'; files: readonly File[] };

export interface ModelFiles {
  name: string;
  onnx: Uint8Array;
  config: Uint8Array;
  tokenizer: Uint8Array;
  tokenizerConfig: Uint8Array;
  fromCache: boolean;
}

export interface LoadFilesOptions {
  signal: AbortSignal;
  budget: number;
  onProgress?: (p: DownloadProgress) => void;
}

export const HUB_CACHE = 'bitlab-hub-v1';
export const DEFAULT_HUB_HOST = 'https://huggingface.co';
export const DEFAULT_HUB_ID = 'Xenova/bert-base-cased';
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'] as const;

export function hubFileUrl(host: string, id: string, file: string): string {
  return `${host.replace(/\/+$/, '')}/${id.replace(/^\/+|\/+$/g, '')}/resolve/main/${file}`;
}

export function loadModelFiles(source: ModelSource, options: LoadFilesOptions): Promise<ModelFiles> {
  if (source.kind === 'files') return readLocalFiles(source.files, options);
  const id = source.kind === 'hub' ? source.id.trim() : source.name;
  if (source.kind === 'hub' && !/^[\w.-]+\/[\w.-]+$/.test(id)) {
    throw new ModelLoadError('not-found', {
      expected: 'a Hugging Face model id like Xenova/bert-base-cased (owner/name)',
      found: JSON.stringify(source.id), fix: 'Type the id as it appears in the model page URL.',
    });
  }
  const url = (file: string) => (source.kind === 'hub' ? hubFileUrl(source.host, id, file) : `${source.baseUrl.replace(/\/?$/, '/')}${file}`);
  return downloadFolder(id, url, source.kind === 'hub' ? HUB_CACHE : undefined, options);
}

async function downloadFolder(name: string, url: (file: string) => string, cacheName: string | undefined, options: LoadFilesOptions): Promise<ModelFiles> {
  const got: Uint8Array[] = [];
  let fromCache = true;
  // Small files first: a wrong id fails on config.json before the large download starts.
  for (const file of FILES) {
    const fetched = await fetchFile(url(file), file, { ...options, cacheName });
    got.push(fetched.bytes);
    fromCache &&= fetched.fromCache;
  }
  const [config, tokenizer, tokenizerConfig, onnx] = got as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  return { name, onnx, config, tokenizer, tokenizerConfig, fromCache };
}

const baseName = (f: File) => f.name.split('/').pop()!;

async function readLocalFiles(files: readonly File[], options: LoadFilesOptions): Promise<ModelFiles> {
  const byName = (n: string) => files.find((f) => baseName(f) === n);
  const onnxCandidates = files.filter((f) => baseName(f).endsWith('.onnx'));
  const onnx = byName('model.onnx') ?? (onnxCandidates.length === 1 ? onnxCandidates[0] : undefined);
  const config = byName('config.json');
  const tokenizer = byName('tokenizer.json');
  const missing = [!onnx && 'model.onnx (or exactly one .onnx file)', !config && 'config.json', !tokenizer && 'tokenizer.json'].filter(Boolean);
  if (missing.length) {
    throw new ModelLoadError('missing-file', {
      expected: 'a model folder or files: model.onnx, config.json, tokenizer.json (and tokenizer_config.json)',
      found: `${files.length ? files.map(baseName).join(', ') : 'no files'} — missing ${missing.join(', ')}`,
      fix: 'Pick the whole folder of a Hugging Face model (with onnx/model.onnx), or select all of these files together.',
    });
  }
  checkBudget(onnx!.name, onnx!.size, options.budget);
  const read = async (f: File | undefined, fallback = '{}') => {
    if (options.signal.aborted) throw cancelledError('reading the local files');
    return f ? new Uint8Array(await f.arrayBuffer()) : new TextEncoder().encode(fallback);
  };
  const started = performance.now();
  const result: ModelFiles = {
    name: onnx!.webkitRelativePath?.split('/')[0] || baseName(onnx!).replace(/\.onnx$/, ''),
    onnx: await read(onnx), config: await read(config), tokenizer: await read(tokenizer),
    tokenizerConfig: await read(byName('tokenizer_config.json')), fromCache: false,
  };
  const seconds = (performance.now() - started) / 1000;
  options.onProgress?.({ status: 'download', file: onnx!.name, loaded: onnx!.size, total: onnx!.size, bytesPerSecond: onnx!.size / Math.max(seconds, 1e-3), secondsLeft: 0, fromCache: false });
  return result;
}
