// The notebook's toolbar in the page header: export (.ipynb, Markdown), print to PDF, and
// import. It also owns the notebook-wide keys (Alt+↓ / Alt+↑) and registers the lab's link.
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { NotebookError } from '../../core/notebook/errors.ts';
import { answersController } from '../../state/answers-app.ts';
import { registerExportSource } from '../../state/export-registry.ts';
import { useCellKeyboardNavigation } from './cell-navigation.ts';
import { labLinkSource } from './export-sources.ts';
import { importNotebookFile, type ImportNotice } from './import-file.ts';
import { downloadText, notebookAsIpynb, notebookAsMarkdown } from './notebook-export.ts';
import './notebook.css';
import '../../ui/print.css';

export function ExportImportBar() {
  const fileInput = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<ImportNotice | null>(null);
  useCellKeyboardNavigation();
  useEffect(() => registerExportSource(labLinkSource), []);
  // Create the answers store now, so saved answers load before the first cell is reached.
  useEffect(() => void answersController(), []);

  const notebookRoot = () => document.querySelector('main') ?? document.body;

  async function run(action: () => Promise<void>) {
    try {
      await action();
    } catch (error) {
      const message = error instanceof NotebookError ? error.message : `Export failed: ${String(error)}`;
      setNotice({ tone: 'error', title: 'Could not export the notebook.', lines: [message] });
    }
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again must fire change again
    if (file) setNotice(await importNotebookFile(file, answersController()));
  }

  return (
    <div className="notebook-toolbar" role="group" aria-label="Export and import the notebook">
      <button type="button" className="btn" onClick={() => void run(async () => downloadText('bitlab-notebook.ipynb', await notebookAsIpynb(notebookRoot()), 'application/x-ipynb+json'))}>
        Export .ipynb
      </button>
      <button type="button" className="btn" onClick={() => void run(async () => downloadText('bitlab-notebook.md', await notebookAsMarkdown(notebookRoot()), 'text/markdown'))}>
        Export Markdown
      </button>
      <button type="button" className="btn" onClick={() => window.print()}>
        Print / PDF
      </button>
      <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
        Import…
      </button>
      <input
        ref={fileInput}
        type="file"
        hidden
        accept=".ipynb,.md,application/x-ipynb+json,application/json,text/markdown"
        aria-label="Notebook file to import (.ipynb or .md)"
        onChange={(event) => void onFile(event)}
      />
      {notice && (
        <div className={`toolbar-notice message message-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          <p><strong>{notice.title}</strong></p>
          {notice.lines.map((line) => <p key={line}>{line}</p>)}
          <button type="button" className="btn" onClick={() => setNotice(null)}>Dismiss</button>
        </div>
      )}
    </div>
  );
}
