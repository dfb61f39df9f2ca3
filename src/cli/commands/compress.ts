// `bitlab compress <model-dir|model.onnx> --recipe <recipe> --out <file.onnx> [--json]`
// Writes the compressed ONNX and prints its memory accounting.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { modelFootprint } from '../../core/footprint/model-footprint.ts';
import { encodeModel } from '../../core/onnx/proto.ts';
import { compressModel } from '../../core/recipes/compress.ts';
import type { CliCommand } from '../command.ts';
import { CliInputError, loadModel } from '../load-model.ts';
import { formatFootprint, parseConvention, runWithInputErrors } from './shared.ts';

const USAGE = 'usage: bitlab compress <model-dir|model.onnx> --recipe <recipe>[+<recipe>] --out <file.onnx> [--json] [--convention transformers-4|transformers-5|all-linears]';

export const compressCommand: CliCommand = {
  summary: 'compress an ONNX masked LM with a recipe (fp16, int8, nf4, int4, prune-l1:0.4+nf4, …)',
  run: (args) =>
    runWithInputErrors('compress', USAGE, async () => {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: { recipe: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, convention: { type: 'string' } },
      });
      if (positionals.length !== 1 || !values.recipe || !values.out) return usageError(positionals.length, values);
      const { model, config } = loadModel(positionals[0]!);
      const result = await compressModel(model, values.recipe, { convention: parseConvention(values.convention) });
      const bytes = encodeModel(result.model);
      fs.writeFileSync(values.out, bytes);
      const maxPositions = typeof config?.max_position_embeddings === 'number' ? config.max_position_embeddings : undefined;
      const footprint = modelFootprint(result, { onnxFileBytes: bytes.byteLength, maxPositionEmbeddings: maxPositions });
      process.stdout.write(values.json ? `${JSON.stringify({ out: values.out, ...footprint }, null, 2)}\n` : formatFootprint(footprint, values.out));
      return 0;
    }),
};

function usageError(count: number, values: { recipe?: string; out?: string }): never {
  const missing = [count !== 1 ? `one model path (got ${count})` : '', values.recipe ? '' : '--recipe', values.out ? '' : '--out'].filter(Boolean);
  throw new CliInputError(`Expected ${missing.join(', ')}.`);
}
