// Lesson text cells are React components, not documents; to export them we read the text the
// student sees. Only prose survives: headings, paragraphs, lists, emphasis, code, links.
// Controls, SVG and anything else interactive are left out (they belong to sources that
// export themselves, e.g. as a link that reopens the lab).

const BLOCKS: Record<string, (inner: string) => string> = {
  H1: (t) => `# ${t}`,
  H2: (t) => `## ${t}`,
  H3: (t) => `### ${t}`,
  H4: (t) => `#### ${t}`,
  P: (t) => t,
  BLOCKQUOTE: (t) => t.split('\n').map((line) => `> ${line}`).join('\n'),
};

function escapeText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

function inline(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return escapeText(node.textContent ?? '');
  if (!(node instanceof HTMLElement) || node.getAttribute('aria-hidden') === 'true') return '';
  const inner = Array.from(node.childNodes, inline).join('');
  switch (node.tagName) {
    case 'STRONG':
    case 'B':
      return `**${inner}**`;
    case 'EM':
    case 'I':
      return `*${inner}*`;
    case 'CODE':
      return `\`${(node.textContent ?? '').replace(/`/g, '')}\``;
    case 'A': {
      const href = (node as HTMLAnchorElement).href;
      return /^https?:/.test(href) ? `[${inner}](${href})` : inner;
    }
    case 'BR':
      return '  \n';
    default:
      return inner;
  }
}

function blocks(element: Element, out: string[]): void {
  for (const child of Array.from(element.children)) {
    if (!(child instanceof HTMLElement) || child.getAttribute('aria-hidden') === 'true') continue;
    const block = BLOCKS[child.tagName];
    if (block) out.push(block(inline(child).trim()));
    else if (child.tagName === 'UL' || child.tagName === 'OL') {
      const items = Array.from(child.children).filter((li) => li.tagName === 'LI');
      out.push(items.map((li, i) => `${child.tagName === 'OL' ? `${i + 1}.` : '-'} ${inline(li).trim()}`).join('\n'));
    } else if (child.tagName === 'PRE') out.push(`\`\`\`\n${child.textContent ?? ''}\n\`\`\``);
    else if (child.classList.contains('cell-kicker')) continue;
    else if (['DIV', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER'].includes(child.tagName)) blocks(child, out);
  }
}

export function domToMarkdown(element: Element): string {
  const out: string[] = [];
  blocks(element, out);
  return out.filter((part) => part.trim() !== '').join('\n\n');
}
