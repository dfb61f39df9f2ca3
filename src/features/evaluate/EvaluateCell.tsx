// "Evaluate": masked-LM perplexity (fixed masks, bootstrap 95 % CI), paired differences against
// the loaded model's fp32 run, and model-call latency, for every built variant. Scoring runs in
// the compression worker next to the variant bytes; this cell only sends settings and draws.
import { useEffect, useMemo, useState } from 'react';
import { isStale, type CellId } from '../../core/notebook/run-graph.ts';
import type { EvalProtocol } from '../../core/eval/results.ts';
import { BASELINE_VARIANT, useEvalStore, type EvalJob } from '../../state/eval-store.ts';
import { useModelStore } from '../../state/model-store.ts';
import { cancelRun, evalRequest, runCells, setRunEnvironment } from '../../state/notebook-runner.ts';
import { EVAL_BASELINE_CELL, evalCellId, evalSettingsOf, useNotebookStore, type EvalData } from '../../state/notebook-store.ts';
import type { ExecutionProvider } from '../../workers/compress-protocol.ts';
import { CellStatusBadge } from '../run/CellStatusBadge.tsx';
import { EvalResultsTable } from './EvalResultsTable.tsx';
import { progressOf, progressText } from './eval-text.ts';
import { wasmThreads } from '../../inference/wasm-threads.ts';

/** What the worker's onnxruntime uses (same isolation and core count as this page). */
const WASM_THREADS = wasmThreads();

export interface EvaluateCellProps {
  /** The embedded held-out text (served with the app). */
  embeddedTextUrl?: string;
  /** Hub host for wikitext-2 (a mirror in tests). */
  hubHost?: string;
}

export function EvaluateCell({ embeddedTextUrl = '/data/mini-bert-sotu.txt', hubHost = 'https://huggingface.co' }: EvaluateCellProps) {
  const model = useModelStore((s) => s.model);
  const results = useEvalStore((s) => s.results);
  const jobs = useEvalStore((s) => s.jobs);
  const hydrate = useEvalStore((s) => s.hydrate);
  // Settings live in the notebook store: saved across reloads, and a change marks results stale.
  const settings = evalSettingsOf(useNotebookStore((s) => s.settings));
  const setEvalSettings = useNotebookStore((s) => s.setEvalSettings);
  const graph = useNotebookStore((s) => s.graph);
  const compressCells = useNotebookStore((s) => s.compressCells);
  const compressResults = useNotebookStore((s) => s.compressResults);
  const runActive = useNotebookStore((s) => !!s.run?.active);
  const [file, setFileState] = useState<File>();
  const [inputError, setInputError] = useState<string>();
  const hydrateNotebook = useNotebookStore((s) => s.hydrate);
  useEffect(() => void hydrate(), [hydrate]);
  useEffect(() => void hydrateNotebook(), [hydrateNotebook]);
  useEffect(() => setRunEnvironment({ embeddedTextUrl, evalHubHost: hubHost }), [embeddedTextUrl, hubHost]);
  const setFile = (f: File | undefined) => {
    setFileState(f);
    setRunEnvironment({ evalFile: f });
    setEvalSettings({ fileName: f?.name ?? '' });
  };

  // One evaluation per compress cell that has a result, under the recipe it built.
  const targets: { cell: CellId; variant: string }[] = [{ cell: EVAL_BASELINE_CELL, variant: BASELINE_VARIANT }];
  for (const id of compressCells) {
    const result = graph.cells[id]?.result;
    const record = result && compressResults[result.resultKey];
    if (record && !targets.some((t) => t.variant === record.recipe)) targets.push({ cell: evalCellId(id), variant: record.recipe });
  }
  const running = Object.entries(jobs).find(([, j]) => j.status === 'running');
  // Memoized so that progress messages (a new `jobs` every batch) don't redraw the results table.
  const staleKeys = useMemo(() => new Set(graph.specs.filter((spec) => spec.id.startsWith('eval:') && isStale(graph, spec.id)).map((spec) => graph.cells[spec.id]!.result!.resultKey)), [graph]);
  const rows = useMemo(() => Object.values(results), [results]);

  const checked = (): boolean => {
    setInputError(undefined);
    try {
      evalRequest(settings);
      return true;
    } catch (error) {
      setInputError((error as Error).message);
      return false;
    }
  };
  const run = (cells: CellId[]) => {
    if (checked()) void runCells(cells);
  };
  const onDrop = (e: React.DragEvent) => {
    const dropped = [...e.dataTransfer.files].find((f) => f.name.endsWith('.txt'));
    if (!dropped) return;
    e.preventDefault();
    setFile(dropped);
    setEvalSettings({ data: 'file' });
  };
  const num = (key: 'maxLines' | 'seed' | 'batchSize') => (e: React.ChangeEvent<HTMLInputElement>) => setEvalSettings({ [key]: Number(e.target.value) });

  return (
    <section className="cell evaluate-cell" data-cell="evaluate" aria-label="Evaluate" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <div className="cell-kicker">Evaluate</div>
      <h2>Perplexity, paired differences and latency</h2>
      <div className="controls">
        <label className="control">Data set
          <select value={settings.data} onChange={(e) => setEvalSettings({ data: e.target.value as EvalData })} aria-label="Data set">
            <option value="embedded">Embedded held-out text</option>
            <option value="file">Your .txt file</option>
            <option value="wikitext">wikitext-2 test [:10%] (hub)</option>
            <option value="wikitext-all">wikitext-2 test, all rows (hub)</option>
          </select>
        </label>
        {settings.data.startsWith('wikitext') && (
          <label className="control">Hub host <input type="url" value={settings.hubHost ?? ''} placeholder={hubHost} aria-label="Hub host"
            onChange={(e) => setEvalSettings({ hubHost: e.target.value })} /></label>
        )}
        {settings.data === 'file' && (
          <label className="control">Text file <input type="file" accept=".txt,text/plain" aria-label="Text file" onChange={(e) => setFile(e.target.files?.[0])} /></label>
        )}
        {settings.data === 'file' && !file && settings.fileName && <span className="message message-info">Choose {settings.fileName} again: files are not kept across reloads.</span>}
        <label className="control">Max lines <input type="number" min={1} value={settings.maxLines} onChange={num('maxLines')} aria-label="Max lines" /></label>
        <label className="control">Seed <input type="number" min={0} value={settings.seed} onChange={num('seed')} aria-label="Seed" /></label>
        <label className="control">Batch <input type="number" min={1} value={settings.batchSize} onChange={num('batchSize')} aria-label="Batch" /></label>
        <label className="control">EP
          <select value={settings.ep} onChange={(e) => setEvalSettings({ ep: e.target.value as ExecutionProvider })} aria-label="Execution provider">
            <option value="webgpu">WebGPU</option><option value="wasm">{`wasm (${WASM_THREADS} thread${WASM_THREADS === 1 ? '' : 's'})`}</option>
          </select>
        </label>
        <label className="control">Protocol
          <select value={settings.protocol} onChange={(e) => setEvalSettings({ protocol: e.target.value as EvalProtocol })} aria-label="Protocol">
            <option value="masked-lm">masked-LM (fixed masks)</option>
            <option value="pseudo-perplexity">pseudo-perplexity (each token masked in turn)</option>
            <option value="classic">classic (misleading)</option>
          </select>
        </label>
      </div>
      {settings.protocol === 'pseudo-perplexity' && (
        <p className="message message-info" data-testid="pseudo-hint">
          Pseudo-perplexity scores every token of a line, one masked copy of the line per token: a line of 60 tokens costs
          60 rows instead of one. Max lines is the size of that subset — start with 10.
        </p>
      )}
      <div className="controls">
        <button className="btn btn-primary" onClick={() => run(targets.map((t) => t.cell))} disabled={runActive}>Evaluate all built variants</button>
        {targets.map((t) => <button key={t.cell} className="btn" onClick={() => run([t.cell])} disabled={runActive}>Run {t.variant}</button>)}
      </div>
      <ul className="eval-cell-statuses" aria-label="Evaluation status">
        {targets.map((t) => <li key={t.cell}><CellStatusBadge cell={t.cell} label={t.variant} showError={false} /></li>)}
      </ul>
      {!model && <p className="message message-info">No model in memory: running an evaluation loads it (and rebuilds the variant) first. Stored results are shown below.</p>}
      {inputError && <p className="message message-error" role="alert">{inputError}</p>}
      {running && <Progress job={running[1]} onCancel={cancelRun} label={running[0]} />}
      {Object.entries(jobs).filter(([, j]) => j.status !== 'running').map(([key, j]) => (
        j.status === 'cancelled'
          ? <p key={key} className="message message-info" data-testid="eval-cancelled">{key}: cancelled; earlier results kept.</p>
          : <p key={key} className="message message-error" role="alert" data-code={j.error?.code}>{key}: {j.error?.message}</p>
      ))}
      <EvalResultsTable rows={rows} staleKeys={staleKeys} />
    </section>
  );
}

function Progress({ job, label, onCancel }: { job: EvalJob; label: string; onCancel: () => void }) {
  const { done, total } = progressOf(job.progress);
  return (
    <div aria-live="polite">
      <progress value={done} max={total} style={{ width: '100%' }} aria-label="Evaluation progress" />
      <p className="mono" data-testid="eval-progress">{label}: {progressText(job.progress)}</p>
      <button className="btn" onClick={onCancel}>Cancel</button>
    </div>
  );
}
