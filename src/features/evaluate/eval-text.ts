// Words and numbers for the evaluation cell. Every number shown comes from a measured result;
// what was not measured is shown as "—" and said why in a title, never estimated.
import type { PairedDifference } from '../../core/eval/bootstrap.ts';
import { intervalOrRange, type PairedLatency } from '../../core/eval/paired-latency.ts';
import type { EvalProgressMessage } from '../../workers/compress-protocol.ts';
import { secondsText } from '../model/progress-text.ts';

export type Verdict = 'worse than fp32' | 'better than fp32' | 'no significant difference';

/** A difference is named only when its paired 95 % interval excludes 0. */
export function verdict(d: PairedDifference): Verdict {
  const [low, high] = d.ci95Perplexity;
  if (low > 0) return 'worse than fp32';
  if (high < 0) return 'better than fp32';
  return 'no significant difference';
}

/** "1.06× [1.05–1.08] slower": the paired median ratio, its 95 % interval (or range) and what it allows saying. */
export function pairedRatioText(p: PairedLatency): string {
  const [low, high] = intervalOrRange(p);
  const what = p.verdict === 'too few rounds' ? `range of ${p.rounds} rounds, too few for an interval`
    : p.verdict === 'within noise' ? `${p.ratio > 1 ? 'slower' : 'faster'} by less than ${Math.round(p.margin * 100)} %, within noise`
    : p.verdict;
  return `${fixed(p.ratio)}× [${fixed(low)}–${fixed(high)}] ${what}`;
}

export const fixed = (x: number, digits = 2) => x.toFixed(digits);
export const signed = (x: number, digits = 3) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;

/** The progress bar: lines while scoring, then the paired timing's rounds; indeterminate (undefined) in between. */
export function progressOf(p: EvalProgressMessage | undefined): { done?: number; total?: number } {
  if (p?.status === 'eval-lines') return { done: p.linesDone, total: p.linesTotal };
  if (p?.status === 'eval-latency' && p.roundsTotal) return { done: p.roundsDone, total: p.roundsTotal };
  return {};
}

export function progressText(p: EvalProgressMessage | undefined): string {
  if (!p) return 'Starting…';
  switch (p.status) {
    case 'eval-data':
      return p.step === 'fetch' ? 'Reading the data set…' : 'Tokenizing with the model’s tokenizer…';
    case 'eval-session':
      return `Creating the ${p.ep === 'webgpu' ? 'WebGPU' : 'wasm'} session…`;
    case 'eval-lines':
      return `${p.linesDone} / ${p.linesTotal} lines · ${Math.round(p.tokensPerSecond).toLocaleString('en-US')} tokens/s · ${secondsText(p.etaSeconds)} left`;
    case 'eval-latency':
      return p.roundsTotal ? `Timing the model call, in turns with fp32: round ${p.roundsDone} / ${p.roundsTotal}…` : 'Timing the model call…';
  }
}
