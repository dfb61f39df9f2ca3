// The inline messages: each says what happened and, where there is one, what to do.

import type { Note, NoteKind, Severity } from './types.ts';
import { num } from './text.ts';

export function note(kind: NoteKind, severity: Severity, message: string): Note {
  return { kind, severity, message };
}

export function absmaxInvalid(absmax: number, assumed: boolean): Note {
  const origin = assumed ? ' (no absmax was given, so |x| was used)' : '';
  const stored = Math.fround(absmax);
  const asFloat32 = Number.isFinite(absmax) && stored !== absmax ? ` (${num(stored)} as float32)` : '';
  return note(
    'absmax-invalid',
    'error',
    `absmax must be a positive finite number; got ${num(absmax)}${asFloat32}${origin}. ` +
      'Enter the largest |value| of the block, e.g. 5.25.',
  );
}

export function floatOverflow(
  kind: 'to-inf' | 'to-nan' | 'saturated',
  input: number,
  name: string,
  max: number,
  result: number,
): Note {
  const infinite = !Number.isFinite(input);
  const beyond = infinite
    ? `${num(input)} has no finite ${name} value`
    : `${num(input)} is beyond ${name}'s largest finite value ${num(max)} (by half a step or more)`;
  switch (kind) {
    case 'to-inf':
      return note(
        'overflow-inf',
        'warning',
        `${beyond}, so it rounds to ${num(result)}. Scale the values down, or use a format with ` +
          'more exponent bits (BF16 or FP32 reach about 3.4e38).',
      );
    case 'to-nan':
      return note(
        'overflow-nan',
        'warning',
        `${beyond}. ${name} has no infinity, so the non-saturating conversion (PyTorch's cast) ` +
          `gives NaN. Turn on saturation to clamp to ±${num(max)}, or scale the values down.`,
      );
    case 'saturated':
      return note(
        'overflow-saturated',
        'warning',
        `${beyond}; the saturating conversion clamps it to ${num(result)}.`,
      );
  }
}

export function underflowToZero(input: number, name: string, minSubnormal: number, result: number): Note {
  return note(
    'underflow-zero',
    'warning',
    `${num(input)} is at most half of ${name}'s smallest subnormal ${num(minSubnormal)}, so it ` +
      `rounds to ${num(result)}. Values this small need more exponent bits (BF16 or FP32) or a scale factor.`,
  );
}

export function becameSubnormal(input: number, name: string, minNormal: number, bitsLeft: number, fullBits: number): Note {
  return note(
    'subnormal',
    'info',
    `${num(input)} is below ${name}'s smallest normal value ${num(minNormal)}, so it is stored as a ` +
      `subnormal (no leading 1) with ${bitsLeft} significant bit${bitsLeft === 1 ? '' : 's'} instead of ` +
      `${fullBits}: its relative error can be larger.`,
  );
}

export function outsideBlock(input: number, absmax: number, decoded: number): Note {
  return note(
    'outside-block',
    'warning',
    `|x| = ${num(Math.abs(input))} is larger than the block's absmax ${num(absmax)}, so it clamps to ` +
      `${num(decoded)}. In a real block absmax is the largest |x|, so raise absmax to at least ` +
      `${num(Math.abs(input))} (or leave it empty to use |x|).`,
  );
}
