// How the Lab writes numbers back into text fields: the shortest text that parses back to
// the same double, with the special values spelled the way the input accepts them.
export function numberToInputText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Inf';
  if (value === -Infinity) return '-Inf';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

/** A compact rendering for read-outs: enough digits to tell neighbours apart. */
export function formatReadout(value: number | null, digits = 8): string {
  if (value === null) return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '−Inf';
  if (Object.is(value, -0)) return '−0';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs >= 1e6 || abs < 1e-4 ? value.toExponential(digits - 1) : String(Number(value.toPrecision(digits)));
  return text.replace('-', '−');
}
