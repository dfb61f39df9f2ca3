import { describe, expect, it } from 'vitest';
import { fileStem, legendSvg, standaloneSvg, styleText } from '../../../src/core/charts/svg-text.ts';

describe('chart SVG export helpers', () => {
  it('styleText keeps what a standalone file needs and drops SVG initial values', () => {
    expect(styleText([['fill', 'rgb(0, 114, 178)'], ['fill-opacity', '1'], ['stroke', 'none'], ['font-family', '"DejaVu Sans", sans-serif'], ['text-anchor', 'middle'], ['opacity', '']]))
      .toBe("fill:rgb(0, 114, 178);font-family:'DejaVu Sans', sans-serif;text-anchor:middle");
  });

  it('standaloneSvg adds the namespace, a pixel size, a background and a title', () => {
    const out = standaloneSvg('<svg class="recharts-surface" width="100%" height="320" viewBox="0 0 10 10" style="width: 100%"><g/></svg>',
      { width: 640, height: 320, background: '#ffffff', title: 'Size & <perplexity>' });
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320" viewBox="0 0 640 320" class="recharts-surface" style="width: 100%">')).toBe(true);
    expect(out).toContain('<title>Size &amp; &lt;perplexity&gt;</title><rect x="0" y="0" width="640" height="320" fill="#ffffff"/><g/></svg>');
    expect(out.match(/xmlns=/g)).toHaveLength(1);
  });

  it('standaloneSvg declares xlink only when used, and rejects markup that is not an svg', () => {
    expect(standaloneSvg('<svg><use xlink:href="#a"/></svg>', { width: 1, height: 1, background: '#fff' })).toContain('xmlns:xlink=');
    expect(standaloneSvg('<svg><g/></svg>', { width: 1, height: 1, background: '#fff' })).not.toContain('xmlns:xlink');
    expect(() => standaloneSvg('<div/>', { width: 1, height: 1, background: '#fff' })).toThrow(/expected markup starting with <svg/);
  });

  it('fileStem makes a safe download name', () => {
    expect(fileStem('Perplexity per variant (95 % CI)')).toBe('perplexity-per-variant-95-ci');
    expect(fileStem('—')).toBe('chart');
  });
});

describe('legendSvg', () => {
  it('draws a swatch and a label per entry and wraps to a new row when the width runs out', () => {
    const one = legendSvg([{ label: 'fp32', color: '#0072B2' }, { label: 'Pareto front', color: '#4a5565', shape: 'line' }], 16, 300, 600);
    expect(one.height).toBe(20);
    expect(one.markup).toContain('<rect x="18" y="301" width="12" height="12" fill="#0072B2"/>');
    expect(one.markup).toContain('<line x1="84" y1="307" x2="100" y2="307" stroke="#4a5565" stroke-width="2"/>');
    expect(one.markup.match(/<text /g)).toHaveLength(2);
    const wrapped = legendSvg(Array.from({ length: 6 }, (_, i) => ({ label: `variant-${i}`, color: '#000' })), 0, 0, 210);
    expect(wrapped.height).toBe(60); // 103 px per entry: two per 210 px row
    expect(legendSvg([], 0, 0, 100)).toEqual({ markup: '<g class="export-legend"></g>', height: 0 });
  });

  it('escapes labels', () => {
    expect(legendSvg([{ label: 'a<b & c', color: '#000' }], 0, 0, 500).markup).toContain('>a&lt;b &amp; c</text>');
  });
});
