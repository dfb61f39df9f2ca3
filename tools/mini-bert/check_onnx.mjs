// Verifies the exported ONNX with onnxruntime-web (wasm EP, in Node):
//  1. logits equal the PyTorch reference (max abs diff),
//  2. the evaluation protocol (protocol.py, ported below) run on the held-out text through the
//     ONNX + transformers.js tokenizer reproduces evaluate.py's numbers.
// Usage: node tools/mini-bert/check_onnx.mjs [modelDir] [heldoutTxt]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { AutoTokenizer, env } from '@huggingface/transformers';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
const modelDir = path.resolve(process.argv[2] ?? path.join(out, 'model'));
const heldout = path.resolve(process.argv[3] ?? path.join(out, 'heldout.txt'));
ort.env.wasm.numThreads = 1;

const session = await ort.InferenceSession.create(fs.readFileSync(path.join(modelDir, 'onnx', 'model.onnx')), {
  executionProviders: ['wasm'],
});
const i64 = (a, dims) => new ort.Tensor('int64', BigInt64Array.from(a, (x) => BigInt(x)), dims);

// 1. reference logits
const ref = JSON.parse(fs.readFileSync(path.join(out, 'reference.json'), 'utf8'));
const refLogits = new Float32Array(fs.readFileSync(path.join(out, 'reference_logits.f32')).buffer.slice(0));
const r = await session.run({
  input_ids: i64(ref.input_ids, ref.shape),
  attention_mask: i64(ref.attention_mask, ref.shape),
  token_type_ids: i64(ref.token_type_ids, ref.shape),
});
let maxDiff = 0;
for (let i = 0; i < refLogits.length; i++) maxDiff = Math.max(maxDiff, Math.abs(r.logits.data[i] - refLogits[i]));
console.log(`logits ${r.logits.dims.join('x')} (expected ${ref.logits_shape.join('x')}), max |onnx - torch| = ${maxDiff.toExponential(2)}`);
if (maxDiff > 1e-3 || r.logits.dims.join() !== ref.logits_shape.join()) process.exit(1);

// 2. protocol
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = path.dirname(modelDir) + path.sep;
const tok = await AutoTokenizer.from_pretrained(path.basename(modelDir));
const lines = fs.readFileSync(heldout, 'utf8').split('\n').filter((l) => l.length > 0);
// per-line stream (bitlab's default): one generator per line, seeded with FNV-1a(seed, len, ids)
function lineSeed(ids, seed) {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const v of [ids.length, ...ids]) {
    h ^= v >>> 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
const MASK = tok.mask_token_id;
let nll = 0, hits = 0, n = 0;
const t0 = Date.now();
const items = lines.map((l) => {
  const ids = Array.from(tok(l).input_ids.data, Number).slice(0, 128);
  const rnd = mulberry32(lineSeed(ids, 1234));
  const real = [];
  for (let i = 1; i < ids.length - 1; i++) real.push(i);
  const k = real.length ? Math.max(1, Math.floor(0.15 * real.length + 0.5)) : 0;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rnd() * (real.length - i));
    [real[i], real[j]] = [real[j], real[i]];
  }
  return { ids, pos: real.slice(0, k).sort((a, b) => a - b) };
});
for (const it of items) {
  const L = it.ids.length;
  const inp = it.ids.slice();
  for (const p of it.pos) inp[p] = MASK;
  const res = await session.run({
    input_ids: i64(inp, [1, L]),
    attention_mask: i64(new Array(L).fill(1), [1, L]),
    token_type_ids: i64(new Array(L).fill(0), [1, L]),
  });
  const V = res.logits.dims[2];
  const data = res.logits.data;
  for (const p of it.pos) {
    const row = data.subarray(p * V, (p + 1) * V);
    let m = -Infinity, arg = 0;
    for (let v = 0; v < V; v++) if (row[v] > m) { m = row[v]; arg = v; }
    let s = 0;
    for (let v = 0; v < V; v++) s += Math.exp(row[v] - m);
    nll -= row[it.ids[p]] - m - Math.log(s);
    hits += arg === it.ids[p] ? 1 : 0;
    n++;
  }
}
const result = { ppl: Math.exp(nll / n), acc: hits / n, n_masked: n, n_lines: lines.length, seconds: (Date.now() - t0) / 1000 };
console.log('held-out protocol (per-line masks) via ONNX + transformers.js:', JSON.stringify(result));
fs.writeFileSync(path.join(out, 'onnx_eval.json'), JSON.stringify(result, null, 1));
const metricsPath = path.join(out, 'metrics.json');
if (fs.existsSync(metricsPath)) {
  const m = JSON.parse(fs.readFileSync(metricsPath, 'utf8'));
  const dPpl = Math.abs(result.ppl / m.fp32.ppl - 1);
  const dAcc = Math.abs(result.acc - m.fp32.acc);
  console.log(`vs evaluate.py (PyTorch): ppl ${m.fp32.ppl.toFixed(4)}, acc ${m.fp32.acc.toFixed(4)}, masked ${m.n_masked}`);
  if (dPpl > 1e-3 || dAcc > 1e-3 || result.n_masked !== m.n_masked) {
    console.error('MISMATCH between ONNX/transformers.js and PyTorch evaluation');
    process.exit(1);
  }
}
