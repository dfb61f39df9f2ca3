// Turning an on-screen recharts <svg> into files: a standalone SVG (computed styles inlined,
// because the saved file has no page stylesheet) and a PNG drawn at 2× for sharp slides.
import { INLINED_STYLE_PROPERTIES, legendSvg, standaloneSvg, styleText, type LegendEntry } from '../../core/charts/svg-text.ts';

const BACKGROUND = '#ffffff';
const LEGEND_GAP = 8;

export interface ExportedSvg {
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

/** The chart's <svg> as a standalone document, with the legend drawn under the plot. */
export function exportSvg(svg: SVGSVGElement, title: string, legend: readonly LegendEntry[]): ExportedSvg {
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width) || Number(svg.getAttribute('width')) || 640;
  const plotHeight = Math.round(box.height) || Number(svg.getAttribute('height')) || 320;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  // Clone and original enumerate elements in the same order, so styles pair up by index.
  const originals = svg.querySelectorAll('*');
  const copies = clone.querySelectorAll('*');
  originals.forEach((element, i) => {
    const computed = getComputedStyle(element);
    const style = styleText(INLINED_STYLE_PROPERTIES.map((name) => [name, computed.getPropertyValue(name)] as const));
    if (style) (copies[i] as Element).setAttribute('style', style);
  });
  clone.removeAttribute('style');
  const drawn = legendSvg(legend, 16, plotHeight + LEGEND_GAP, width - 32);
  const height = plotHeight + (drawn.height ? drawn.height + LEGEND_GAP : 0);
  const serialized = new XMLSerializer().serializeToString(clone).replace(/<\/svg>\s*$/, `${drawn.markup}</svg>`);
  return { text: standaloneSvg(serialized, { width, height, background: BACKGROUND, title }), width, height };
}

/** Rasterises an exported SVG at `scale`× its size. */
export async function svgToPng(svg: ExportedSvg, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = svg.width * scale;
    canvas.height = svg.height * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('Exporting a chart as PNG needs a 2D canvas, which this browser refused to create.');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, svg.width, svg.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the chart as PNG.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export { downloadBlob } from '../../ui/download.ts';

export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
