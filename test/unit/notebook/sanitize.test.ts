// The answer preview pipeline: Markdown → HTML (raw HTML escaped, KaTeX with trust: false)
// → DOMPurify. Layer 1 and the fail-closed fallback are checked here in Node; layer 2 needs
// a DOM, so sanitize-chromium.test.ts runs DOMPurify with our settings in Chromium.
import { describe, expect, it } from 'vitest';
import { markdownToUnsafeHtml, renderMarkdown } from '../../../src/features/notebook/markdown.ts';

describe('Markdown layer (marked + KaTeX)', () => {
  it('escapes raw HTML: <script> and onerror= arrive as text, not as tags', () => {
    const html = markdownToUnsafeHtml('Hi <script>window.__pwned = 1</script>\n\n<img src=x onerror="window.__pwned=1">');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('&#60;img src=x onerror=&#34;window.__pwned=1&#34;&#62;');
  });

  it('escapes HTML blocks and inline tags alike', () => {
    const html = markdownToUnsafeHtml('<div onclick="x()">\nblock\n</div>\n\ninline <svg onload=alert(1)> tag');
    expect(html).not.toMatch(/<div|<svg/i);
  });

  it('renders Markdown and maths', () => {
    const html = markdownToUnsafeHtml('**bold**, `code` and $x^2$\n\n$$\\frac{a}{b}$$');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toMatch(/<span class="katex">.*<annotation encoding="application\/x-tex">x\^2<\/annotation>/s);
    expect(html).toMatch(/<div class="math-display"><span class="katex-display">/);
  });

  it('leaves prices alone: "$5 and $10" is not maths', () => {
    expect(markdownToUnsafeHtml('It costs $5 and $10.')).not.toContain('katex');
  });

  it('KaTeX runs with trust: false, so \\href and \\htmlClass do not produce links or classes', () => {
    const html = markdownToUnsafeHtml('$\\href{javascript:alert(1)}{click}$ and $\\htmlId{x}{y}$');
    expect(html).not.toMatch(/<a /);
    expect(html).not.toMatch(/id="x"/);
  });
});

describe('renderMarkdown without a DOM', () => {
  it('fails closed: shows the text escaped instead of unsanitized HTML', () => {
    const html = renderMarkdown('**x** <img src=x onerror=alert(1)>');
    expect(html).toBe('<p class="md-plain">**x** &#60;img src=x onerror=alert(1)&#62;</p>');
  });
});
