// A row of bit buttons, most significant first, coloured by field. Each bit is a button so
// it can be flipped with a click, Enter or Space; its label names position, field and value.

export interface BitField {
  name: string;
  msb: number;
  lsb: number;
}

export interface BitRowProps {
  /** Bits as a string, most significant first ("0100010101000000"). */
  bits: string;
  fields: readonly BitField[];
  formatLabel: string;
  onFlip(bitIndex: number): void;
}

const FIELD_CLASS: Record<string, string> = {
  sign: 'field-sign',
  exponent: 'field-exponent',
  mantissa: 'field-mantissa',
  index: 'field-index',
  magnitude: 'field-index',
  code: 'field-int',
};

export function BitRow({ bits, fields, formatLabel, onFlip }: BitRowProps) {
  const width = bits.length;
  const fieldOf = (bit: number) => fields.find((f) => bit <= f.msb && bit >= f.lsb);
  return (
    <div className="bits" role="group" aria-label={`${formatLabel} bits`}>
      {Array.from(bits).map((char, position) => {
        const bit = width - 1 - position;
        const field = fieldOf(bit);
        const startsField = position > 0 && field && field.msb === bit;
        return (
          <span key={bit} style={{ display: 'contents' }}>
            {startsField ? <span className="bit-gap" aria-hidden="true" /> : null}
            <button
              type="button"
              className={`bit ${FIELD_CLASS[field?.name ?? ''] ?? 'field-int'}`}
              data-value={char}
              aria-label={`bit ${bit} (${field?.name ?? 'bit'}): ${char}`}
              title={`${formatLabel} bit ${bit} (${field?.name ?? 'bit'}) — click to flip`}
              onClick={() => onFlip(bit)}
            >
              {char}
            </button>
          </span>
        );
      })}
    </div>
  );
}

export function FieldLegend() {
  return (
    <div className="legend" aria-label="Colour legend">
      <span style={{ ['--swatch' as string]: 'var(--field-sign)' }}>sign</span>
      <span style={{ ['--swatch' as string]: 'var(--field-exponent)' }}>exponent</span>
      <span style={{ ['--swatch' as string]: 'var(--field-mantissa)' }}>mantissa</span>
      <span style={{ ['--swatch' as string]: 'var(--field-int)' }}>two&apos;s-complement code</span>
      <span style={{ ['--swatch' as string]: 'var(--field-code)' }}>codebook index</span>
    </div>
  );
}
