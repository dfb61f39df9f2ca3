// `bitlab bits <value> --format <id> [--absmax A] [--saturate] [--json]`
// Shows how one value is stored in a number format: bits by field, hex, the decoded value,
// the rounding error, its neighbours and the arithmetic spelled out. A value written as a bit
// pattern (0x4540, 0b0100…) is read instead of rounded.
//
// JSON: NaN and ±Infinity are not JSON numbers, and JSON.stringify would print −0 as 0, so
// those four numbers are written as the strings "NaN", "Infinity", "-Infinity" and "-0".
// Exit codes: 0 ok; 2 bad input (message on stderr says what was expected and what was given).

import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.ts';
import {
  FORMATS, FORMAT_IDS, describeBits, describeValue, isFormatId, looksLikeBits, parseBitsInput, parseValueInput,
  type ValueDescription,
} from '../../core/formats/index.ts';

const USAGE =
  'usage: bitlab bits <value> --format <' + FORMAT_IDS.join('|') + '> [--absmax A] [--saturate] [--json]\n' +
  '  <value>     5.25, -0.1, 1e-8, 1/3, NaN, Inf, -Inf, -0 — or a bit pattern such as 0x4540 or 0b0100010101000000\n' +
  '  --format    the number format (-f)\n' +
  '  --absmax    block absmax for int8/int4/fp4/nf4 (default: |value|, as if it were the largest in its block)\n' +
  '  --saturate  fp8 only: clamp overflow to ±max finite instead of NaN (E4M3) or Inf (E5M2)\n' +
  '  --json      print a JSON object instead of text\n';

class BadInput extends Error {}

/** JSON-safe numbers: the four values JSON cannot carry become strings. */
export function jsonNumberReplacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return value;
}

const NEGATIVE_NUMBER = /^-(?:\d|\.\d|inf|infinity|nan|∞)/i;
const LONG_NAME: Record<string, string> = { '-f': '--format', '--format': '--format', '--absmax': '--absmax' };

/**
 * node:util parseArgs reads "-5.25" as a cluster of short options (and Node 20 has no
 * allowNegative for values), so negative numbers are moved out of its way first: as the
 * value of a preceding --format/--absmax ("--absmax=-3"), otherwise after "--" as positionals.
 */
function protectNegativeNumbers(args: readonly string[]): string[] {
  const options: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const previous = options[options.length - 1];
    const owner = previous === undefined ? undefined : LONG_NAME[previous];
    if (NEGATIVE_NUMBER.test(arg)) {
      if (owner !== undefined) options[options.length - 1] = `${owner}=${arg}`;
      else positionals.push(arg);
      continue;
    }
    options.push(arg);
  }
  return [...options, '--', ...positionals];
}

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: protectNegativeNumbers(args),
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        absmax: { type: 'string' },
        saturate: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new BadInput(error instanceof Error ? error.message : String(error));
  }
}

function describe(args: readonly string[]): { description: ValueDescription; json: boolean } | 'help' {
  const { values, positionals } = parse(args);
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new BadInput(`expected exactly one value, e.g. 5.25 or 0x4540; got ${positionals.length === 0 ? 'none' : positionals.map((p) => `"${p}"`).join(', ')}.`);
  }
  const text = positionals[0]!;
  const format = values.format;
  if (format === undefined) throw new BadInput(`missing --format; expected one of ${FORMAT_IDS.join(', ')}.`);
  if (!isFormatId(format)) throw new BadInput(`unknown format "${format}"; expected one of ${FORMAT_IDS.join(', ')}.`);

  let absmax: number | undefined;
  if (values.absmax !== undefined) {
    const parsed = parseValueInput(values.absmax);
    if (!parsed.ok) throw new BadInput(`--absmax: ${parsed.message}`);
    absmax = parsed.value;
  }
  const options = { ...(absmax === undefined ? {} : { absmax }), saturate: values.saturate === true };

  let description: ValueDescription;
  if (looksLikeBits(text)) {
    const parsed = parseBitsInput(text, format);
    if (!parsed.ok) throw new BadInput(parsed.message);
    description = describeBits(parsed.pattern, format, options);
  } else {
    const parsed = parseValueInput(text);
    if (!parsed.ok) throw new BadInput(parsed.message);
    description = describeValue(parsed.value, format, options);
  }
  const errors = description.notes.filter((n) => n.severity === 'error');
  if (errors.length > 0) throw new BadInput(errors.map((n) => n.message).join('\n'));
  return { description, json: values.json === true };
}

function toJson(d: ValueDescription): string {
  const out = {
    format: d.format,
    input: d.input,
    bits: d.bits,
    hex: d.hex,
    pattern: d.pattern,
    fields: d.fields,
    code: d.code,
    absmax: d.absmax,
    decoded: d.decoded,
    error: { abs: d.absError, rel: d.relError },
    below: d.below,
    above: d.above,
    explanation: d.explanation,
    notes: d.notes,
  };
  return JSON.stringify(out, jsonNumberReplacer, 2) + '\n';
}

function show(x: number | null): string {
  if (x === null) return '—';
  return Object.is(x, -0) ? '-0' : String(x);
}

function toText(d: ValueDescription): string {
  const info = FORMATS[d.format];
  const row = (label: string, value: string) => `${label.padEnd(11)}${value}\n`;
  const grouped = d.fields.map((f) => f.bits).join(' ');
  const names = d.fields.map((f) => f.name).join(' | ');
  const nameWidth = Math.max(...d.fields.map((f) => f.name.length));
  const bitsWidth = Math.max(...d.fields.map((f) => f.bits.length));
  let out = `${info.title}\n`;
  out += row('value', show(d.input));
  if (d.absmax !== null) out += row('absmax', show(d.absmax));
  out += row('bits', `${grouped}   (${names})`);
  out += row('hex', d.hex);
  d.fields.forEach((f, i) => {
    out += row(i === 0 ? 'fields' : '', `${f.name.padEnd(nameWidth)}  ${f.bits.padEnd(bitsWidth)}  ${f.meaning}`);
  });
  out += row('decoded', show(d.decoded));
  out += row('error', `abs ${show(d.absError)}, rel ${show(d.relError)}`);
  out += row('below', show(d.below));
  out += row('above', show(d.above));
  out += row('arithmetic', d.explanation);
  for (const n of d.notes) out += `${n.severity}: ${n.message}\n`;
  return out;
}

export const bitsCommand: CliCommand = {
  summary: 'bits <value> --format <id> — how a value is stored: bits, fields, decoded value, error, neighbours',
  async run(args: string[]): Promise<number> {
    let result: ReturnType<typeof describe>;
    try {
      result = describe(args);
    } catch (error) {
      if (!(error instanceof BadInput)) throw error;
      process.stderr.write(`bitlab bits: ${error.message}\n${USAGE.split('\n')[0]}\n`);
      return 2;
    }
    if (result === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    process.stdout.write(result.json ? toJson(result.description) : toText(result.description));
    return 0;
  },
};
