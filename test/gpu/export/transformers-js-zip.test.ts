// The exported model folder loads and runs in transformers.js. The app's own path builds the
// zip: the compression worker loads the embedded mini-BERT, builds each variant (WGSL kernels)
// and zips the folder (zipModelFolder, the "Download folder" button's request). The zip is
// unpacked in memory (fflate) and served to transformers.js 4.3 through env.fetch, with remote
// models off and the browser cache off, so nothing can come from the network or a cache; its
// onnxruntime (the same onnxruntime-web/webgpu module the app imports) gets its wasm from our
// /ort/. For each dtype transformers.js names (fp32 → model.onnx, fp16 → model_fp16.onnx,
// bnb4 → model_bnb4.onnx, q4 → model_q4.onnx, q4f16 → model_q4f16.onnx) and for our own
// int8-weight-only file (model_int8-wo.onnx, through transformers.js' model_file_name):
//  * transformers.js fetched exactly that .onnx file and no other;
//  * its logits for a held-out sentence equal those of our onnxruntime-web session (wasm EP,
//    src/inference/ort-run.ts) on the same bytes and the same token ids, within
//    1e-5 · max|logit| (same runtime, same graph: measured 0, i.e. bit-identical);
//  * its fill-mask pipeline's top-1 token for another held-out sentence is our argmax, and
//    the word the model learnt ("States"; PyTorch gives it p = 0.97) for every variant.
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnEp } from '../../../src/inference/ort-run.ts';
import { CompressClient } from '../../../src/workers/compress-client.ts';
import { env, pipeline, type FillMaskPipeline } from '@huggingface/transformers';
import { maxRelativeDiff } from '../../helpers/relative-diff.ts';

const MODEL = 'mini-bert-sotu';
/** Not a real path: every request under it is answered from the unzipped folder. */
const ZIP_ROOT = '/exported-zip/';
// Held-out lines of public/data/mini-bert-sotu.txt (test/unit/model/fillmask.test.ts).
const LOGITS_TEXT = 'I refer you to the report of the Secretary of the Treasury for a detailed statement of the finances.';
const FILL_TEXT = 'On September 30th, 1815, the funded and floating debt of the United [MASK] was estimated at $119,635,558.';
const FILL_ANSWER = 'States';
const TOLERANCE = 1e-5;

/** recipe → what transformers.js is asked for, and the file it must then read. */
const CASES = [
  { recipe: 'fp32', dtype: 'fp32', file: 'model.onnx' },
  { recipe: 'fp16', dtype: 'fp16', file: 'model_fp16.onnx' },
  { recipe: 'nf4', dtype: 'bnb4', file: 'model_bnb4.onnx' },
  { recipe: 'int4', dtype: 'q4', file: 'model_q4.onnx' },
  { recipe: 'int4:rest=fp16', dtype: 'q4f16', file: 'model_q4f16.onnx' },
  { recipe: 'int8-weight-only', dtype: 'fp32', modelFileName: 'model_int8-wo', file: 'model_int8-wo.onnx' },
] as const;

const client = new CompressClient(new Worker(new URL('../../../src/workers/compress.worker.ts', import.meta.url), { type: 'module' }));
afterAll(() => client.dispose());

/** Unzipped folder: path inside the zip → bytes; every request transformers.js made. */
let files: Record<string, Uint8Array> = {};
const requested: string[] = [];

function serveZip(input: string | URL): Promise<Response> {
  const url = new URL(String(input), location.href);
  requested.push(url.pathname);
  const body = url.pathname.startsWith(ZIP_ROOT) ? files[decodeURIComponent(url.pathname.slice(ZIP_ROOT.length))] : undefined;
  if (!body) return Promise.resolve(new Response('not in the zip', { status: 404 }));
  return Promise.resolve(new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-length': String(body.byteLength) } }));
}

beforeAll(async () => {
  const started = performance.now();
  await client.load({ kind: 'embedded', baseUrl: `/models/${MODEL}/`, name: MODEL }, 2e9).promise;
  for (const c of CASES) {
    const built = await client.compress(c.recipe, c.recipe).promise;
    expect(built.fileName).toBe(c.file);
  }
  const built = performance.now();
  const zip = await client.zip(CASES.map((c) => c.recipe)).promise;
  expect(zip.fileName).toBe(`${MODEL}-bitlab.zip`);
  files = unzipSync(zip.bytes);
  console.log(`built ${CASES.length} variants in ${((built - started) / 1000).toFixed(1)} s; zip ${(zip.bytes.byteLength / 2 ** 20).toFixed(1)} MiB: ${Object.keys(files).join(', ')}`);

  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useBrowserCache = false;
  env.useCustomCache = false;
  env.useWasmCache = false;
  env.localModelPath = ZIP_ROOT;
  env.fetch = serveZip;
  // The app's onnxruntime module already points here (src/inference/ort-browser.ts); say it
  // again in case transformers.js were ever bundled with a copy of its own.
  env.backends.onnx.wasm!.wasmPaths = '/ort/';
});

const argmax = (row: ArrayLike<number>) => {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
};

describe('the exported zip in transformers.js (embedded mini-BERT, wasm)', () => {
  it('holds config, tokenizer and every variant under the model folder', () => {
    const names = Object.keys(files).filter((f) => !f.endsWith('/')).sort();
    expect(names).toEqual([
      `${MODEL}/config.json`, ...CASES.map((c) => `${MODEL}/onnx/${c.file}`).sort(), `${MODEL}/tokenizer.json`, `${MODEL}/tokenizer_config.json`,
    ].sort());
  });

  for (const c of CASES) {
    it(`${c.recipe}: transformers.js (dtype ${c.dtype}${'modelFileName' in c ? `, model_file_name ${c.modelFileName}` : ''}) reads ${c.file} and matches our session`, async () => {
      requested.length = 0;
      const t0 = performance.now();
      const fill = (await pipeline('fill-mask', MODEL, {
        dtype: c.dtype, device: 'wasm', ...('modelFileName' in c ? { model_file_name: c.modelFileName } : {}),
      })) as FillMaskPipeline;
      const loadMs = performance.now() - t0;
      try {
        // Everything came from the zip, and the model file was the one named for this dtype.
        expect(requested.every((p) => p.startsWith(`${ZIP_ROOT}${MODEL}/`))).toBe(true);
        expect(requested.filter((p) => p.endsWith('.onnx'))).toEqual([`${ZIP_ROOT}${MODEL}/onnx/${c.file}`]);
        expect(requested).toContain(`${ZIP_ROOT}${MODEL}/config.json`);
        expect(requested).toContain(`${ZIP_ROOT}${MODEL}/tokenizer.json`);
        expect(fill.model.sessions.model!.config).toMatchObject({ dtype: c.dtype, device: 'wasm' });

        const bytes = files[`${MODEL}/onnx/${c.file}`]!;
        const inputs = fill.tokenizer(LOGITS_TEXT);
        const ids = inputs.input_ids.data as BigInt64Array;
        const theirs = (await fill.model(inputs)).logits;
        const ours = await runOnEp(bytes, 'wasm', { batch: 1, sequence: ids.length, inputIds: ids, attentionMask: new BigInt64Array(ids.length).fill(1n) });
        expect(theirs.dims).toEqual(ours.dims);
        const diff = maxRelativeDiff(Float32Array.from(theirs.data as ArrayLike<number>), ours.logits);

        const [top] = (await fill(FILL_TEXT, { top_k: 1 })) as { token: number; token_str: string; score: number }[];
        const fillIds = fill.tokenizer(FILL_TEXT).input_ids.data as BigInt64Array;
        const maskAt = Array.from(fillIds).indexOf(BigInt(fill.tokenizer.mask_token_id!));
        const fillOurs = await runOnEp(bytes, 'wasm', { batch: 1, sequence: fillIds.length, inputIds: fillIds, attentionMask: new BigInt64Array(fillIds.length).fill(1n) });
        const vocab = fillOurs.dims[2]!;
        const ourTop = argmax(fillOurs.logits.subarray(maskAt * vocab, (maskAt + 1) * vocab));
        console.log(`${c.recipe} → ${c.file}: loaded in ${loadMs.toFixed(0)} ms; relative max|Δlogit| vs our session ${diff.toExponential(2)}; ` +
          `fill-mask top-1 "${top!.token_str}" (p=${top!.score.toFixed(3)}), ours id ${ourTop}`);
        expect(diff).toBeLessThanOrEqual(TOLERANCE);
        expect(maskAt).toBeGreaterThan(0);
        expect(top!.token).toBe(ourTop);
        expect(top!.token_str).toBe(FILL_ANSWER);
      } finally {
        await fill.dispose();
      }
    });
  }
});
