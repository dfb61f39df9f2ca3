// Verifies the exported ONNX with onnxruntime-web (wasm EP, in Node):
//  1. logits equal the PyTorch reference (max abs diff),
//  2. bitlab's own evaluation (src/core/eval with the transformers.js tokenizer, the code the app
//     and `bitlab eval` run) on the held-out text reproduces evaluate.py's numbers, so the
//     Python port of the protocol (protocol.py) and the app agree by test, not by assumption.
// Usage: npx tsx tools/mini-bert/check_onnx.mts [modelDir] [heldoutTxt]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { linesFromText } from '../../src/core/eval/datasets.ts';
import { evaluateMaskedLm } from '../../src/core/eval/masked-lm.ts';
import { prepareEval } from '../../src/core/eval/prepare.ts';
import { loadTokenizerDir } from '../../src/cli/eval-inputs.ts';
import { createEvalRunner } from '../../src/inference/eval-runner.ts';
import { ort } from '../../src/inference/ort-node.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
const modelDir = path.resolve(process.argv[2] ?? path.join(out, 'model'));
const heldout = path.resolve(process.argv[3] ?? path.join(out, 'heldout.txt'));
const modelBytes = new Uint8Array(fs.readFileSync(path.join(modelDir, 'onnx', 'model.onnx')));

const session = await ort.InferenceSession.create(modelBytes, { executionProviders: ['wasm'] });
const i64 = (a: readonly number[], dims: number[]) => new ort.Tensor('int64', BigInt64Array.from(a, (x) => BigInt(x)), dims);

// 1. reference logits
const ref = JSON.parse(fs.readFileSync(path.join(out, 'reference.json'), 'utf8'));
const refLogits = new Float32Array(fs.readFileSync(path.join(out, 'reference_logits.f32')).buffer.slice(0));
const r = await session.run({
  input_ids: i64(ref.input_ids, ref.shape),
  attention_mask: i64(ref.attention_mask, ref.shape),
  token_type_ids: i64(ref.token_type_ids, ref.shape),
});
const logits = r.logits!.data as Float32Array;
let maxDiff = 0;
for (let i = 0; i < refLogits.length; i++) maxDiff = Math.max(maxDiff, Math.abs(logits[i]! - refLogits[i]!));
console.log(`logits ${r.logits!.dims.join('x')} (expected ${ref.logits_shape.join('x')}), max |onnx - torch| = ${maxDiff.toExponential(2)}`);
if (maxDiff > 1e-3 || r.logits!.dims.join() !== ref.logits_shape.join()) process.exit(1);
await session.release();

// 2. the app's protocol: seed 1234, per-line masks, 128 tokens, loss over the masked tokens
const config = JSON.parse(fs.readFileSync(path.join(modelDir, 'config.json'), 'utf8')) as { max_position_embeddings: number };
const prepared = prepareEval(linesFromText(fs.readFileSync(heldout, 'utf8')), await loadTokenizerDir(modelDir), { seed: 1234, maxPositions: config.max_position_embeddings });
const runner = await createEvalRunner(ort, modelBytes);
const run = await evaluateMaskedLm(prepared, runner.runModel, { batchSize: 16 });
await runner.release();
const m = run.metrics;
const result = { ppl: m.perplexity, acc: m.accuracy, n_masked: m.maskedTokens, n_lines: m.lines, seconds: run.seconds };
console.log('held-out protocol via bitlab (src/core/eval) + transformers.js:', JSON.stringify(result));
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
