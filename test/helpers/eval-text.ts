// Held-out-like text in the tiny tokenizer's words (test/helpers/eval-tokenizers.ts), made by a
// fixed LCG so every run, Node or browser, scores the same lines.
import { TINY_WORDS } from './eval-tokenizers.ts';

export function tinyEvalText(lines = 24, seed = 7): string {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const words = 4 + (next() % 9);
    out.push(Array.from({ length: words }, () => TINY_WORDS[next() % TINY_WORDS.length]).join(' '));
    if (i % 7 === 3) out.push(''); // blank lines are skipped by the protocol
  }
  return `${out.join('\n')}\n`;
}
