// Do our exported ONNX files load and run in Python onnxruntime, with the logits
// onnxruntime-web computes? Builds every lesson recipe of the embedded model with the CLI's code
// (CPU references; the browser's WGSL kernels produce the same bytes), names each file as the
// export does, runs it on onnxruntime-web (Node, wasm) for a fixed batch of held-out tokens, then
// asks Python onnxruntime (check_python_ort.py) to run the same files on the same ids.
//
//   npx tsx tools/export/check-python-ort.mts [--python <python with onnxruntime>]
//
// Not part of `npm test`: Python onnxruntime is not among the project's dependencies (here it
// came from the machine's local wheel store: python3 -m venv /tmp/pyort &&
// /tmp/pyort/bin/pip install onnxruntime numpy).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadModel } from '../../src/cli/load-model.ts';
import { onnxFileName } from '../../src/core/export/names.ts';
import { encodeModel } from '../../src/core/onnx/proto.ts';
import { compressModel } from '../../src/core/recipes/compress.ts';
import { ort } from '../../src/inference/ort-node.ts';
import { runMaskedLm } from '../../src/inference/ort-session.ts';
import { tokenizerFromJson } from '../../src/inference/tokenizer.ts';

const RECIPES = process.env.BITLAB_RECIPES ? process.env.BITLAB_RECIPES.split(';') : ['fp32', 'fp16', 'int8', 'int8-weight-only', 'fp4', 'nf4', 'nf4-dq', 'int4', 'prune-l1:0.4+nf4', 'prune-2of4', 'prune-ffn:0.5', 'prune-heads:0.5'];
const MODEL = 'public/models/mini-bert-sotu';
const { values } = parseArgs({ options: { python: { type: 'string', default: 'python3' } } });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bitlab-pyort-'));
fs.mkdirSync(path.join(dir, 'onnx'));
const { model } = loadModel(MODEL);
const json = (file: string) => JSON.parse(fs.readFileSync(`${MODEL}/${file}`, 'utf8')) as Record<string, unknown>;
const tokenizer = await tokenizerFromJson(json('tokenizer.json'), json('tokenizer_config.json'));
const lines = fs.readFileSync('public/data/mini-bert-sotu.txt', 'utf8').split('\n').filter((l) => l.trim()).slice(0, 4);
const encoded = lines.map((l) => [tokenizer.clsId, ...tokenizer.encode(l).slice(0, 62), tokenizer.sepId]);
const sequence = Math.max(...encoded.map((e) => e.length));
const ids = new BigInt64Array(lines.length * sequence).fill(BigInt(tokenizer.padId));
const mask = new BigInt64Array(lines.length * sequence);
encoded.forEach((e, b) => e.forEach((id, t) => { ids[b * sequence + t] = BigInt(id); mask[b * sequence + t] = 1n; }));
const batch = { batch: lines.length, sequence, inputIds: ids, attentionMask: mask };

const manifest: { recipe: string; file: string; logits: string }[] = [];
for (const recipe of RECIPES) {
  const bytes = encodeModel((await compressModel(model, recipe)).model);
  const file = path.join('onnx', onnxFileName(recipe));
  fs.writeFileSync(path.join(dir, file), bytes);
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const { data } = await runMaskedLm(ort, session, batch);
  await session.release();
  const logits = `${file}.logits.f32`;
  fs.writeFileSync(path.join(dir, logits), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  manifest.push({ recipe, file, logits });
}
fs.writeFileSync(path.join(dir, 'inputs.json'), JSON.stringify({ shape: [batch.batch, sequence], input_ids: Array.from(ids, Number), attention_mask: Array.from(mask, Number), manifest }));
console.log(`wrote ${manifest.length} models and onnxruntime-web logits to ${dir}`);
execFileSync(values.python!, [path.join(import.meta.dirname, 'check_python_ort.py'), dir], { stdio: 'inherit' });
