// A block of 64 weights quantized four ways. It shows what absmax scaling means in practice:
// one outlier stretches the scale and every other value in its block loses resolution.
import { useMemo, useState } from 'react';
import { quantizeBlock, type FormatId } from '../../core/formats/index.ts';
import { normalSample } from '../../core/random.ts';
import { useLabStore } from '../../state/lab-store.ts';
import { formatReadout } from './number-text.ts';

const BLOCK = 64;
const OUTLIER_INDEX = 21;
const OUTLIER_VALUE = 12;
const BLOCK_FORMATS: readonly { id: FormatId; name: string }[] = [
  { id: 'int8', name: 'INT8' },
  { id: 'int4', name: 'INT4' },
  { id: 'fp4', name: 'FP4' },
  { id: 'nf4', name: 'NF4' },
];

/** The block shown: a seeded normal sample (float32), an optional outlier, then hand edits. */
export function blockValues(seed: number, outlier: boolean, edits: Record<number, string>): number[] {
  const values = Array.from(normalSample(BLOCK, seed), (v) => Math.round(v * 100) / 100);
  if (outlier) values[OUTLIER_INDEX] = OUTLIER_VALUE;
  for (const [index, text] of Object.entries(edits)) {
    const v = Number(text);
    if (text.trim() !== '' && Number.isFinite(v)) values[Number(index)] = v;
  }
  return values;
}

export function BlockDemo() {
  const seed = useLabStore((s) => s.blockSeed);
  const outlier = useLabStore((s) => s.blockOutlier);
  const edits = useLabStore((s) => s.blockEdits);
  const setBlockSeed = useLabStore((s) => s.setBlockSeed);
  const setBlockOutlier = useLabStore((s) => s.setBlockOutlier);
  const setBlockEdit = useLabStore((s) => s.setBlockEdit);
  const resetBlock = useLabStore((s) => s.resetBlock);
  const [shown, setShown] = useState<FormatId>('nf4');

  const values = useMemo(() => blockValues(seed, outlier, edits), [seed, outlier, edits]);
  const results = useMemo(() => BLOCK_FORMATS.map((f) => ({ ...f, result: quantizeBlock(values, f.id) })), [values]);
  const current = results.find((r) => r.id === shown) ?? results[0]!;
  const absmaxIndex = current.result.absmaxIndex;

  return (
    <div aria-labelledby="block-title">
      <h3 id="block-title">A block of 64 weights</h3>
      <p>
        Quantizers scale a whole block by its largest magnitude. Edit any value, or add an
        outlier, and watch the error of every other value grow.
      </p>
      <div className="controls">
        <button type="button" className="btn" onClick={() => setBlockOutlier(!outlier)}>
          {outlier ? 'Remove the outlier' : 'Add an outlier'}
        </button>
        <button type="button" className="btn" onClick={() => setBlockSeed(seed + 1)}>New sample (seed {seed + 1})</button>
        <button type="button" className="btn" onClick={resetBlock}>Reset edits</button>
      </div>
      <div className="block-grid" role="group" aria-label="Block values">
        {values.map((v, i) => (
          <input
            key={i}
            type="text"
            aria-label={`block value ${i}`}
            className={i === absmaxIndex ? 'is-absmax' : undefined}
            title={i === absmaxIndex ? 'this element sets the absmax' : undefined}
            value={edits[i] ?? String(v)}
            onChange={(e) => setBlockEdit(i, e.target.value)}
          />
        ))}
      </div>
      <table className="data" aria-label="Block quantization summary">
        <thead>
          <tr><th>format</th><th>absmax (element)</th><th>MSE</th><th>max abs. error</th><th>codes (hex)</th></tr>
        </thead>
        <tbody>
          {results.map(({ id, name, result }) => (
            <tr key={id} data-format={id}>
              <td>
                <label className="check">
                  <input type="radio" name="block-format" checked={shown === id} onChange={() => setShown(id)} /> {name}
                </label>
              </td>
              <td className="mono">{formatReadout(result.absmax, 6)} (#{result.absmaxIndex ?? '—'})</td>
              <td className="mono">{formatReadout(result.mse, 3)}</td>
              <td className="mono">{formatReadout(result.maxAbsError, 3)}</td>
              <td className="codes">{result.packedHex}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="block-grid" role="group" aria-label={`${current.name} dequantized values`}>
        {current.result.dequantized.map((v, i) => (
          <output key={i} className="mono" style={{ fontSize: '0.7rem', textAlign: 'right' }} title={`code ${current.result.codes[i]}`}>
            {formatReadout(v, 3)}
          </output>
        ))}
      </div>
    </div>
  );
}
