// One format in the Lab: its bits (each a flip button), the decoded value and error, the
// arithmetic spelled out, inline notes, and steppers to the neighbouring representable values.
import type { KeyboardEvent } from 'react';
import { FORMATS, type FormatId, type ValueDescription } from '../../core/formats/index.ts';
import { BitRow } from '../../ui/BitRow.tsx';
import { NoteList } from '../../ui/NoteList.tsx';
import { formatReadout } from './number-text.ts';

export interface FormatRowProps {
  description: ValueDescription;
  onFlipBit(format: FormatId, bit: number): void;
  onStep(format: FormatId, direction: 1 | -1): void;
  /** The row that keyboard shortcuts act on in present mode. */
  active: boolean;
  onActivate(format: FormatId): void;
}

export function FormatRow({ description: d, onFlipBit, onStep, active, onActivate }: FormatRowProps) {
  const info = FORMATS[d.format];
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target instanceof HTMLInputElement) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowUp') onStep(d.format, 1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowDown') onStep(d.format, -1);
    else return;
    event.preventDefault();
  };
  return (
    <div
      className={active ? 'format-row is-active' : 'format-row'}
      data-format={d.format}
      onFocus={() => onActivate(d.format)}
      role="group"
      aria-label={`${info.name} encoding`}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div>
        <div className="format-name">{info.name}</div>
        <div className="format-sub">{info.bits} bits</div>
        <div className="format-sub mono" data-testid={`${d.format}-hex`}>{d.hex}</div>
      </div>
      <div className="format-body">
        <BitRow bits={d.bits} fields={d.fields} formatLabel={info.name} onFlip={(bit) => onFlipBit(d.format, bit)} />
        <div className="readout">
          <span>
            <span className="k">decoded</span>
            <span className="v decoded" data-testid={`${d.format}-decoded`}>{formatReadout(d.decoded, 10)}</span>
          </span>
          <span>
            <span className="k">abs. error</span>
            <span className="v">{formatReadout(d.absError, 4)}</span>
          </span>
          <span>
            <span className="k">rel. error</span>
            <span className="v">{d.relError === null ? '—' : `${formatReadout(d.relError * 100, 3)} %`}</span>
          </span>
          <span className="stepper">
            <button type="button" className="btn" onClick={() => onStep(d.format, -1)} disabled={d.below === null}
              aria-label={`previous representable ${info.name} value`}>◀</button>
            <span className="v" title="neighbouring representable values">
              {formatReadout(d.below, 8)} … {formatReadout(d.above, 8)}
            </span>
            <button type="button" className="btn" onClick={() => onStep(d.format, 1)} disabled={d.above === null}
              aria-label={`next representable ${info.name} value`}>▶</button>
          </span>
        </div>
        <div className="arith" data-testid={`${d.format}-explanation`}>{d.explanation}</div>
        <NoteList notes={d.notes} />
      </div>
    </div>
  );
}
