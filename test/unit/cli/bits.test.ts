import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function bitlab(...args: string[]): string {
  return execFileSync(process.execPath, ['bin/bitlab.mjs', ...args], { cwd: root, encoding: 'utf8' });
}

function bitlabFailing(...args: string[]) {
  return spawnSync(process.execPath, ['bin/bitlab.mjs', ...args], { cwd: root, encoding: 'utf8' });
}

describe('bitlab bits', () => {
  it('5.25 --format fp16 --json', () => {
    const out = JSON.parse(bitlab('bits', '5.25', '--format', 'fp16', '--json'));
    expect(out).toMatchObject({
      format: 'fp16',
      bits: '0100010101000000',
      hex: '0x4540',
      decoded: 5.25,
      error: { abs: 0, rel: 0 },
      below: 5.24609375,
      above: 5.25390625,
      explanation: 'stored exponent 17 − bias 15 = 2; 1.3125 × 2² = 5.25',
      notes: [],
    });
    expect(out.fields.map((f: { name: string; bits: string }) => [f.name, f.bits])).toEqual([
      ['sign', '0'], ['exponent', '10001'], ['mantissa', '0101000000'],
    ]);
    expect(out.fields[1]).toMatchObject({ stored: 17, bias: 15, unbiased: 2 });
  });

  it('accepts a negative value as the positional, and a bit pattern instead of a value', () => {
    expect(JSON.parse(bitlab('bits', '-5.25', '--format', 'fp16', '--json'))).toMatchObject({ hex: '0xC540', decoded: -5.25 });
    expect(JSON.parse(bitlab('bits', '--json', '-f', 'fp8-e4m3', '0x7E'))).toMatchObject({ decoded: 448, above: null });
  });

  it('writes NaN, ±Infinity and −0 as strings in JSON; prints text by default', () => {
    const inf = JSON.parse(bitlab('bits', '65520', '--format', 'fp16', '--json'));
    expect(inf).toMatchObject({ decoded: 'Infinity', below: 65504, above: null, error: { abs: 'Infinity' } });
    expect(inf.notes[0].kind).toBe('overflow-inf');
    expect(JSON.parse(bitlab('bits', '-0', '--format', 'bf16', '--json'))).toMatchObject({ input: '-0', decoded: '-0', hex: '0x8000' });
    const text = bitlab('bits', '5.25', '--format', 'int8', '--absmax', '5.25');
    expect(text).toContain('code 127 × scale (5.25/127) = 5.25');
    expect(text).toContain('0x7F');
  });

  it('bad input exits 2 with a message saying what was expected and what was given', () => {
    const notNumber = bitlabFailing('bits', 'abc', '--format', 'fp16');
    expect(notNumber.status).toBe(2);
    expect(notNumber.stderr).toContain('"abc" is not a number');
    expect(notNumber.stdout).toBe('');
    const badFormat = bitlabFailing('bits', '1', '--format', 'fp12');
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toContain('unknown format "fp12"; expected one of fp32, fp16');
    const badAbsmax = bitlabFailing('bits', '1', '--format', 'nf4', '--absmax', '-3');
    expect(badAbsmax.status).toBe(2);
    expect(badAbsmax.stderr).toContain('absmax must be a positive finite number; got −3');
  });
});
