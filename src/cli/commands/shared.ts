// Shared by the compress and footprint commands: exit code 2 for bad input (with what was
// expected, found and what to do), and a human-readable footprint table.
import type { Footprint } from '../../core/footprint/types.ts';
import type { QuantConvention } from '../../core/onnx/linear.ts';
import { ModelFormatError, RecipeError } from '../../core/onnx/errors.ts';
import { CliInputError } from '../load-model.ts';

export async function runWithInputErrors(name: string, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    // node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown options.
    const bad = error instanceof ModelFormatError || error instanceof RecipeError || error instanceof CliInputError
      || (error instanceof Error && Boolean((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')));
    if (!bad) throw error;
    const code = (error as { code?: string }).code;
    process.stderr.write(`bitlab ${name}: ${code && !code.startsWith('ERR_') ? `[${code}] ` : ''}${(error as Error).message}\n${usage}\n`);
    return 2;
  }
}

const MB = 1024 * 1024;

export function formatFootprint(f: Footprint, out?: string): string {
  const mb = (n: number) => `${(n / MB).toFixed(2)} MiB (${n.toLocaleString('en-US')} B)`;
  const lines = [
    `recipe ${f.recipe}${out ? ` → ${out}` : ''}`,
    `parameters                          ${f.parameters.toLocaleString('en-US')}`,
    `(a) transformers get_memory_footprint  ${mb(f.transformersBytes)}`,
    `(b) true bytes (with absmax/scales)    ${mb(f.trueBytes)}`,
  ];
  if (f.onnxFileBytes !== undefined) lines.push(`(c) ONNX file                          ${mb(f.onnxFileBytes)}`);
  if (f.sparse) {
    lines.push(`(d) pruned weights: dense ${mb(f.sparse.dense)}, CSR-16 ${f.sparse.csr16 === undefined ? 'n/a' : mb(f.sparse.csr16)}, CSR-32 ${mb(f.sparse.csr32)}, bitmask ${mb(f.sparse.bitmask)}`);
    lines.push(`    torch.prune before prune.remove() would print ${mb(f.sparse.torchPruneTransformersBytes)}`);
  }
  for (const note of f.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

const CONVENTIONS: QuantConvention[] = ['transformers-4', 'transformers-5', 'all-linears'];

export function parseConvention(value: string | undefined): QuantConvention | undefined {
  if (value === undefined) return undefined;
  if (!CONVENTIONS.includes(value as QuantConvention)) {
    throw new CliInputError(`Expected --convention ${CONVENTIONS.join(' | ')}; found "${value}".`);
  }
  return value as QuantConvention;
}
