// `bitlab footprint <config.json|model-dir> --recipe <recipe> [--json]`: memory accounting of a
// recipe from config.json alone (no weights needed).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { configFootprint } from '../../core/footprint/config-footprint.ts';
import type { BertConfig } from '../../core/footprint/bert-params.ts';
import type { CliCommand } from '../command.ts';
import { CliInputError, readJson, statOrUndefined } from '../load-model.ts';
import { formatFootprint, parseConvention, runWithInputErrors } from './shared.ts';

const USAGE = 'usage: bitlab footprint <config.json|model-dir> --recipe <recipe> [--json] [--convention transformers-4|transformers-5|all-linears]';

export const footprintCommand: CliCommand = {
  summary: 'memory footprint of a recipe from config.json alone',
  run: (args) =>
    runWithInputErrors('footprint', USAGE, async () => {
      const { values, positionals } = parseArgs({
        args, allowPositionals: true,
        options: { recipe: { type: 'string' }, json: { type: 'boolean' }, convention: { type: 'string' } },
      });
      if (positionals.length !== 1 || !values.recipe) throw new CliInputError(`Expected one config path and --recipe; found ${positionals.length} paths${values.recipe ? '' : ' and no --recipe'}.`);
      const target = positionals[0]!;
      const stat = statOrUndefined(target);
      if (!stat) throw new CliInputError(`Expected a config.json or a model folder; found nothing at "${target}". Check the path.`);
      const file = stat.isDirectory() ? path.join(target, 'config.json') : target;
      if (!statOrUndefined(file)) throw new CliInputError(`Expected ${file}; the folder has no config.json. Point to the model folder or its config.json.`);
      const config = readJson(file) as unknown as BertConfig;
      const footprint = configFootprint(config, values.recipe, { convention: parseConvention(values.convention) });
      process.stdout.write(values.json ? `${JSON.stringify(footprint, null, 2)}\n` : formatFootprint(footprint));
      return 0;
    }),
};
