// `bitlab <command> …` — each command lives in its own file under ./commands and is
// registered here. A command returns its exit code; output goes to stdout, errors to stderr.
import type { CliCommand } from './command.ts';

const commands: Record<string, () => Promise<CliCommand>> = {
  bits: async () => (await import('./commands/bits.ts')).bitsCommand,
  compress: async () => (await import('./commands/compress.ts')).compressCommand,
  eval: async () => (await import('./commands/eval.ts')).evalCommand,
  footprint: async () => (await import('./commands/footprint.ts')).footprintCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    const known = Object.keys(commands).join(', ');
    process.stderr.write(
      name
        ? `bitlab: unknown command "${name}". Expected one of: ${known}.\n`
        : `usage: bitlab <command> [options]\ncommands: ${known}\n`,
    );
    return 2;
  }
  const command = await load();
  try {
    return await command.run(rest);
  } catch (error) {
    process.stderr.write(`bitlab ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
