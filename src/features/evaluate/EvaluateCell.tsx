// "Evaluate": masked-LM perplexity (fixed masks, bootstrap 95 % CI), paired differences against
// the loaded model's fp32 run, and model-call latency, for every built variant. Scoring runs in
// the compression worker next to the variant bytes; this cell only sends settings and draws.
import { useEffect, useState } from 'react';
import { DEFAULT_SEED } from '../../core/eval/masking.ts';
import type { EvalProtocol } from '../../core/eval/results.ts';
import { BASELINE_VARIANT, useEvalStore, type EvalJob } from '../../state/eval-store.ts';
import { useModelStore } from '../../state/model-store.ts';
import type { EvalDataset, EvalRequestOptions, ExecutionProvider } from '../../workers/compress-protocol.ts';
import { EvalResultsTable } from './EvalResultsTable.tsx';
import { progressText } from './eval-text.ts';

export interface EvaluateCellProps {
  /** The embedded held-out text (served with the app). */
  embeddedTextUrl?: string;
  /** Hub host for wikitext-2 (a mirror in tests). */
  hubHost?: string;
}

type DataChoice = 'embedded' | 'file' | 'wikitext';

export function EvaluateCell({ embeddedTextUrl = '/data/mini-bert-sotu.txt', hubHost = 'https://huggingface.co' }: EvaluateCellProps) {
  const model = useModelStore((s) => s.model);
  const variants = useModelStore((s) => s.variants);
  const { results, jobs, hydrate, evaluate, evaluateAll, cancel } = useEvalStore();
  const [data, setData] = useState<DataChoice>('embedded');
  const [file, setFile] = useState<File>();
  const [maxLines, setMaxLines] = useState(200);
  const [seed, setSeed] = useState(DEFAULT_SEED);
  const [batchSize, setBatchSize] = useState(8);
  const [ep, setEp] = useState<ExecutionProvider>('webgpu');
  const [protocol, setProtocol] = useState<EvalProtocol>('masked-lm');
  const [inputError, setInputError] = useState<string>();
  useEffect(() => void hydrate(), [hydrate]);

  const recipes = Object.values(variants).filter((v) => v.status === 'ready' && v.recipe !== BASELINE_VARIANT).map((v) => v.recipe);
  const runnable = [BASELINE_VARIANT, ...recipes];
  const running = Object.entries(jobs).find(([, j]) => j.status === 'running');

  function request(): { dataset: EvalDataset; options: EvalRequestOptions } | undefined {
    setInputError(undefined);
    if (!(Number.isInteger(maxLines) && maxLines > 0) || !(Number.isInteger(batchSize) && batchSize > 0) || !(Number.isInteger(seed) && seed >= 0)) {
      setInputError('Expected whole numbers: max lines ≥ 1, batch ≥ 1, seed ≥ 0.');
      return undefined;
    }
    let dataset: EvalDataset;
    if (data === 'file') {
      if (!file) {
        setInputError('Choose or drop a .txt file first.');
        return undefined;
      }
      dataset = { kind: 'file', file };
    } else if (data === 'wikitext') dataset = { kind: 'wikitext', host: hubHost, percent: 10 };
    else dataset = { kind: 'url', id: 'sotu-heldout', url: new URL(embeddedTextUrl, location.href).href };
    return { dataset, options: { protocol, maxLines, seed, batchSize, latency: { warmup: 2, repeats: 5 } } };
  }
  const runOne = (variant: string) => {
    const r = request();
    if (r && model) void evaluate({ model: model.name, variant, ep, ...r });
  };
  const runAll = () => {
    const r = request();
    if (r && model) void evaluateAll(recipes, { model: model.name, ep, ...r });
  };
  const onDrop = (e: React.DragEvent) => {
    const dropped = [...e.dataTransfer.files].find((f) => f.name.endsWith('.txt'));
    if (!dropped) return;
    e.preventDefault();
    setFile(dropped);
    setData('file');
  };
  const num = (setter: (n: number) => void) => (e: React.ChangeEvent<HTMLInputElement>) => setter(Number(e.target.value));

  return (
    <section className="cell evaluate-cell" data-cell="evaluate" aria-label="Evaluate" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <div className="cell-kicker">Evaluate</div>
      <h2>Perplexity, paired differences and latency</h2>
      <div className="controls">
        <label className="control">Data set
          <select value={data} onChange={(e) => setData(e.target.value as DataChoice)} aria-label="Data set">
            <option value="embedded">Embedded held-out text</option>
            <option value="file">Your .txt file</option>
            <option value="wikitext">wikitext-2 test [:10%] (hub)</option>
          </select>
        </label>
        {data === 'file' && (
          <label className="control">Text file <input type="file" accept=".txt,text/plain" aria-label="Text file" onChange={(e) => setFile(e.target.files?.[0])} /></label>
        )}
        <label className="control">Max lines <input type="number" min={1} value={maxLines} onChange={num(setMaxLines)} aria-label="Max lines" /></label>
        <label className="control">Seed <input type="number" min={0} value={seed} onChange={num(setSeed)} aria-label="Seed" /></label>
        <label className="control">Batch <input type="number" min={1} value={batchSize} onChange={num(setBatchSize)} aria-label="Batch" /></label>
        <label className="control">EP
          <select value={ep} onChange={(e) => setEp(e.target.value as ExecutionProvider)} aria-label="Execution provider">
            <option value="webgpu">WebGPU</option><option value="wasm">wasm</option>
          </select>
        </label>
        <label className="control">Protocol
          <select value={protocol} onChange={(e) => setProtocol(e.target.value as EvalProtocol)} aria-label="Protocol">
            <option value="masked-lm">masked-LM (fixed masks)</option>
            <option value="classic">classic (misleading)</option>
          </select>
        </label>
      </div>
      <div className="controls">
        <button className="btn btn-primary" onClick={runAll} disabled={!model || !!running}>Evaluate all built variants</button>
        {runnable.map((v) => <button key={v} className="btn" onClick={() => runOne(v)} disabled={!model || !!running}>Run {v}</button>)}
      </div>
      {!model && <p className="message message-info">Load a model first (stored results are shown below).</p>}
      {inputError && <p className="message message-error" role="alert">{inputError}</p>}
      {running && <Progress job={running[1]} onCancel={() => { const [variant, jobEp] = running[0].split('@'); cancel(variant!, jobEp as ExecutionProvider); }} label={running[0]} />}
      {Object.entries(jobs).filter(([, j]) => j.status !== 'running').map(([key, j]) => (
        j.status === 'cancelled'
          ? <p key={key} className="message message-info" data-testid="eval-cancelled">{key}: cancelled; earlier results kept.</p>
          : <p key={key} className="message message-error" role="alert" data-code={j.error?.code}>{key}: {j.error?.message}</p>
      ))}
      <EvalResultsTable rows={Object.values(results)} />
    </section>
  );
}

function Progress({ job, label, onCancel }: { job: EvalJob; label: string; onCancel: () => void }) {
  const p = job.progress?.status === 'eval-lines' ? job.progress : undefined;
  return (
    <div aria-live="polite">
      <progress value={p?.linesDone} max={p?.linesTotal} style={{ width: '100%' }} aria-label="Evaluation progress" />
      <p className="mono" data-testid="eval-progress">{label}: {progressText(job.progress)}</p>
      <button className="btn" onClick={onCancel}>Cancel</button>
    </div>
  );
}
