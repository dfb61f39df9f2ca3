// Pure string helpers for exporting a chart's <svg>: which computed styles to inline (a saved
// SVG has no page stylesheet, so recharts' CSS-only colours and the page font would be lost),
// and how to turn the serialised element into a standalone document.

/** Presentation properties that decide how a chart looks once outside the page. */
export const INLINED_STYLE_PROPERTIES = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity',
  'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'visibility',
] as const;

/** Values that are SVG's own initial values: leaving them out keeps the file small. */
const INITIAL_VALUES: Record<string, readonly string[]> = {
  'fill-opacity': ['1'], 'stroke-opacity': ['1'], opacity: ['1'], 'stroke-dasharray': ['none'],
  'text-anchor': ['start'], 'dominant-baseline': ['auto'], visibility: ['visible'], stroke: ['none'],
  'font-weight': ['400', 'normal'],
};

/** A style attribute value from computed [property, value] pairs, initial values left out. */
export function styleText(entries: readonly (readonly [string, string])[]): string {
  return entries
    .filter(([name, value]) => value !== '' && !(INITIAL_VALUES[name]?.includes(value)))
    .map(([name, value]) => `${name}:${value.replace(/"/g, "'")}`)
    .join(';');
}

export interface SvgDocumentOptions {
  readonly width: number;
  readonly height: number;
  /** Painted behind the chart: a transparent PNG is unreadable on dark viewers. */
  readonly background: string;
  readonly title?: string;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Makes a serialised <svg> element a standalone file: XML declaration, the SVG namespace,
 * explicit pixel size and viewBox (recharts sizes by CSS), a background rect and a <title>.
 */
export function standaloneSvg(serialized: string, options: SvgDocumentOptions): string {
  const open = /^<svg\b[^>]*>/.exec(serialized);
  if (!open) throw new Error(`standaloneSvg: expected markup starting with <svg, got "${serialized.slice(0, 20)}"`);
  const { width, height } = options;
  let tag = open[0]
    .replace(/\s(width|height|viewBox|xmlns)="[^"]*"/g, '')
    .replace(/^<svg/, `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`);
  if (!tag.includes('xmlns:xlink') && serialized.includes('xlink:')) tag = tag.replace(/^<svg/, '<svg xmlns:xlink="http://www.w3.org/1999/xlink"');
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  const background = `<rect x="0" y="0" width="${width}" height="${height}" fill="${escapeXml(options.background)}"/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${tag}${title}${background}${serialized.slice(open[0].length)}`;
}

/** A download name from a chart title: lower-case ASCII words joined by hyphens. */
export function fileStem(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';
}

export interface LegendEntry {
  readonly label: string;
  readonly color: string;
  /** 'line' for series drawn as lines (the Pareto front), a square swatch otherwise. */
  readonly shape?: 'square' | 'line';
}

/**
 * The legend as SVG, one row of swatches starting at (x, y). The on-page legend is HTML
 * (readable, wraps), so an exported chart gets this drawn copy instead. Returns the markup
 * and the height it takes; labels are laid out at an estimated 7 px per character.
 */
export function legendSvg(entries: readonly LegendEntry[], x: number, y: number, maxWidth: number): { markup: string; height: number } {
  const rowHeight = 20;
  let cx = x;
  let cy = y;
  const parts: string[] = [];
  for (const entry of entries) {
    const width = 22 + entry.label.length * 7 + 18;
    if (cx > x && cx + width > x + maxWidth) { cx = x; cy += rowHeight; }
    const swatch = entry.shape === 'line'
      ? `<line x1="${cx}" y1="${cy + 7}" x2="${cx + 16}" y2="${cy + 7}" stroke="${escapeXml(entry.color)}" stroke-width="2"/>`
      : `<rect x="${cx + 2}" y="${cy + 1}" width="12" height="12" fill="${escapeXml(entry.color)}"/>`;
    parts.push(`${swatch}<text x="${cx + 22}" y="${cy + 11}" font-size="12" font-family="DejaVu Sans, sans-serif" fill="#1b2430">${escapeXml(entry.label)}</text>`);
    cx += width;
  }
  return { markup: `<g class="export-legend">${parts.join('')}</g>`, height: entries.length ? cy - y + rowHeight : 0 };
}
