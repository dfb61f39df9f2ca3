// Markdown → safe HTML for answer previews. Two layers, because a shared notebook is input
// from a stranger:
//   1. marked renders with raw HTML *escaped* (students write Markdown, not HTML), and math
//      ($…$, $$…$$) goes through KaTeX with trust: false (no \href, \htmlClass, …);
//   2. DOMPurify sanitizes the result, so whatever slips through layer 1 (a javascript: link,
//      a KaTeX or marked bug) is removed before it reaches innerHTML.
// Without a DOM (Node, very old browsers) DOMPurify cannot run; then we fail closed and show
// the text escaped, never unsanitized HTML.
import DOMPurify from 'dompurify';
import katex from 'katex';
import { Marked, type TokenizerAndRendererExtension } from 'marked';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderMath(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, {
    displayMode,
    throwOnError: false, // a typo shows red source instead of breaking the preview
    trust: false,
    strict: 'ignore',
    output: 'htmlAndMathml', // MathML for screen readers, HTML for the eye
    maxExpand: 200,
    maxSize: 20,
  });
}

const blockMath: TokenizerAndRendererExtension = {
  name: 'blockMath',
  level: 'block',
  start: (src) => src.match(/^\$\$/m)?.index,
  tokenizer(src) {
    const match = /^\$\$([\s\S]+?)\$\$[^\S\n]*(?:\n|$)/.exec(src);
    return match ? { type: 'blockMath', raw: match[0], text: match[1]!.trim() } : undefined;
  },
  renderer: (token) => `<div class="math-display">${renderMath(String(token.text), true)}</div>\n`,
};

// Inline $…$ follows Pandoc's rule so that prices ("$5 and $10") stay text: no space after
// the opening $, none before the closing one, and no digit right after it.
const inlineMath: TokenizerAndRendererExtension = {
  name: 'inlineMath',
  level: 'inline',
  start: (src) => src.indexOf('$') >= 0 ? src.indexOf('$') : undefined,
  tokenizer(src) {
    const match = /^\$\$([^$]+?)\$\$/.exec(src) ?? /^\$(?!\s)((?:\\\$|[^$\n])+?)(?<!\s)\$(?!\d)/.exec(src);
    if (!match) return undefined;
    return { type: 'inlineMath', raw: match[0], text: match[1]!, display: match[0].startsWith('$$') };
  },
  renderer: (token) => renderMath(String(token.text), Boolean(token.display)),
};

const marked = new Marked({
  gfm: true,
  // CommonMark line breaks, as Jupyter and Colab render them: the preview shows what the
  // exported notebook will show (a blank line starts a new paragraph).
  breaks: false,
  async: false,
  extensions: [blockMath, inlineMath],
  renderer: {
    // Layer 1: raw HTML in an answer is shown as the text the student typed.
    html: ({ text }) => escapeHtml(text),
  },
});

/** Layer 1 only: exported for tests; never put its output into the page unsanitized. */
export function markdownToUnsafeHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

/** DOMPurify settings: default HTML/SVG/MathML allow-lists, plus the two MathML elements KaTeX
 * uses to carry the TeX source for screen readers (text only; annotation-xml stays out). */
export const SANITIZE_CONFIG = {
  ADD_TAGS: ['semantics', 'annotation'],
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
  FORBID_ATTR: ['srcset', 'action', 'formaction'],
  ALLOW_DATA_ATTR: false,
};

export function renderMarkdown(markdown: string): string {
  if (!DOMPurify.isSupported) return `<p class="md-plain">${escapeHtml(markdown)}</p>`;
  return DOMPurify.sanitize(markdownToUnsafeHtml(markdown), { ...SANITIZE_CONFIG, RETURN_TRUSTED_TYPE: false });
}
