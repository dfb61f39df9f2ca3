// The Lab's inputs: the value (text and slider), presets, the block absmax and FP8 saturation.
import { useLabStore } from '../../state/lab-store.ts';
import { numberToInputText } from './number-text.ts';

export const PRESETS: readonly { label: string; text: string }[] = [
  { label: '5.25', text: '5.25' },
  { label: '0.1', text: '0.1' },
  { label: '1/3', text: '1/3' },
  { label: '65504', text: '65504' },
  { label: '65520', text: '65520' },
  { label: '1e-8', text: '1e-8' },
  { label: '448', text: '448' },
  { label: '449', text: '449' },
  { label: '−0', text: '-0' },
  { label: 'NaN', text: 'NaN' },
  { label: 'Inf', text: 'Inf' },
];

const SLIDER_LIMIT = 16;

export function LabControls({ absmax }: { absmax: number }) {
  const valueText = useLabStore((s) => s.valueText);
  const value = useLabStore((s) => s.value);
  const absmaxText = useLabStore((s) => s.absmaxText);
  const saturate = useLabStore((s) => s.saturate);
  const setValueText = useLabStore((s) => s.setValueText);
  const setValue = useLabStore((s) => s.setValue);
  const setAbsmaxText = useLabStore((s) => s.setAbsmaxText);
  const setSaturate = useLabStore((s) => s.setSaturate);
  const sliderValue = Number.isFinite(value) ? Math.max(-SLIDER_LIMIT, Math.min(SLIDER_LIMIT, value)) : 0;
  return (
    <>
      <div className="controls">
        <div className="control">
          <label htmlFor="lab-value">Value</label>
          <input
            id="lab-value"
            className="value-input"
            type="text"
            inputMode="decimal"
            spellCheck={false}
            value={valueText}
            onChange={(e) => setValueText(e.target.value)}
          />
        </div>
        <div className="control">
          <label htmlFor="lab-slider">Value slider (−16 … 16)</label>
          <input
            id="lab-slider"
            type="range"
            min={-SLIDER_LIMIT}
            max={SLIDER_LIMIT}
            step={0.01}
            value={sliderValue}
            onChange={(e) => {
              const v = Number(e.target.value);
              setValue(v, numberToInputText(v));
            }}
          />
        </div>
        <div className="control">
          <label htmlFor="lab-absmax">Block absmax (INT8, INT4, FP4, NF4)</label>
          <input
            id="lab-absmax"
            type="text"
            spellCheck={false}
            placeholder={`auto = |value| = ${absmax}`}
            value={absmaxText ?? ''}
            onChange={(e) => setAbsmaxText(e.target.value === '' ? null : e.target.value)}
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={saturate} onChange={(e) => setSaturate(e.target.checked)} />
          FP8: saturate overflow to ±max
        </label>
      </div>
      <div className="presets" role="group" aria-label="Presets">
        <span className="label">Presets</span>
        {PRESETS.map((p) => (
          <button key={p.text} type="button" className="btn" onClick={() => setValueText(p.text)} aria-label={`preset ${p.label}`}>
            {p.label}
          </button>
        ))}
      </div>
    </>
  );
}
