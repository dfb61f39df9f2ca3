// Export sources for what exists today beside the answers: the Bit-Format Lab, exported as a
// link that reopens it exactly as the student left it (its whole state lives in the URL).
import type { ExportBlock } from '../../core/notebook/blocks.ts';
import { labStateToSearch } from '../../state/lab-url.ts';
import { useLabStore } from '../../state/lab-store.ts';
import type { NotebookExportSource } from '../../state/export-registry.ts';

export const labLinkSource: NotebookExportSource = {
  id: 'bit-format-lab',
  anchor: () => document.querySelector('[data-cell="bit-format-lab"]'),
  collect(): ExportBlock[] {
    const state = useLabStore.getState();
    const url = `${location.origin}${location.pathname}${labStateToSearch(state)}`;
    const code = (text: string) => `\`${text.replace(/`/g, '')}\``;
    const absmax = state.absmaxText === null ? 'automatic (the value’s magnitude)' : code(state.absmaxText);
    const markdown = [
      '## The Bit-Format Lab',
      `The lab is interactive, so it lives in bitlab: [open the lab with these settings](${url}).`,
      `- value: ${code(state.valueText)}\n- block absmax: ${absmax}\n- FP8 saturation: ${state.saturate ? 'on' : 'off'}`,
    ].join('\n\n');
    return [{ kind: 'markdown', key: 'link', markdown }];
  },
};
