// "Compress": build one variant of the loaded model in the compression worker (WGSL kernels
// on WebGPU), then show its footprint in the three conventions, the error of every Linear
// layer, where the kernels ran, runs on onnxruntime-web's WebGPU and wasm EPs, and downloads.
import { memo, useEffect, useState } from 'react';
import { isCurrent } from '../../core/notebook/run-graph.ts';
import { useModelStore, variantBytes, variantsZip, type RunState, type VariantState } from '../../state/model-store.ts';
import { cancelRun, runCells } from '../../state/notebook-runner.ts';
import { compressCellId, evalCellId, staleReason, useNotebookStore } from '../../state/notebook-store.ts';
import type { ExecutionProvider, VariantSummary } from '../../workers/compress-protocol.ts';
import { bytesText } from '../model/progress-text.ts';
import { downloadBytes } from '../../ui/download.ts';
import { CellStatusBadge } from '../run/CellStatusBadge.tsx';
import { PICKABLE_RECIPES, parseBase, recipeText, settingsFor, type RecipeSettings } from './recipe-settings.ts';

export interface CompressCellProps {
  /** A fixed recipe (e.g. "nf4"); without it the cell shows a recipe picker. */
  recipe?: string;
  /** With the picker: the recipe it starts on (default nf4). */
  initialRecipe?: string;
  title?: string;
}

export function CompressCell({ recipe: fixed, initialRecipe = 'nf4', title }: CompressCellProps) {
  const start = fixed ?? initialRecipe;
  const id = compressCellId(start);
  const register = useNotebookStore((s) => s.registerCompressCell);
  useEffect(() => register(id, start), [register, id, start]);
  // The settings live in the notebook store (saved across reloads); the recipe text holds them all.
  const recipe = useNotebookStore((s) => String(s.settings[id]?.recipe ?? start));
  const setCompressRecipe = useNotebookStore((s) => s.setCompressRecipe);
  const { base, settings } = parseBase(recipe);
  const setRecipe = (nextBase: string, next: RecipeSettings) => setCompressRecipe(id, recipeText(nextBase, next));

  const result = useNotebookStore((s) => s.graph.cells[id]?.result);
  const stored = useNotebookStore((s) => (result ? s.compressResults[result.resultKey] : undefined));
  const stale = useNotebookStore((s) => !!staleReason(s.graph, id));
  // The evaluation of this cell's result needs its bytes: only then is a missing file worth saying.
  const bytesNeeded = useNotebookStore((s) => !isCurrent(s.graph, evalCellId(id)));
  const running = useNotebookStore((s) => s.graph.cells[id]?.status === 'running');
  const runActive = useNotebookStore((s) => !!s.run?.active);
  const live = useModelStore((s) => s.variants[recipe]);
  const shown = useModelStore((s) => (stored ? s.variants[stored.recipe] : undefined));
  const building = live?.status === 'building' || shown?.status === 'building';
  const applicable = settingsFor(base);
  const setting = (key: keyof RecipeSettings) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setRecipe(base, { ...settings, [key]: Number(e.target.value) });
  const inWorker = shown?.status === 'ready';

  return (
    <section className="cell compress-cell" data-cell="compress" data-recipe={recipe} data-cell-id={id} aria-label={`Compress: ${recipe}`}>
      <div className="cell-kicker">Compress</div>
      <h2>{title ?? `Build ${recipe}`}</h2>
      <div className="controls">
        {!fixed && (
          <div className="control">
            <label htmlFor={`recipe-${id}`}>Recipe</label>
            <select id={`recipe-${id}`} value={base} onChange={(e) => setRecipe(e.target.value, {})} disabled={building}>
              {PICKABLE_RECIPES.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          </div>
        )}
        {'blockSize' in applicable && (
          <div className="control">
            <label>Block size
              <select value={settings.blockSize ?? applicable.blockSize} onChange={setting('blockSize')} disabled={building} aria-label="Block size">
                {[16, 32, 64, 128, 256, 512].filter((b) => base === 'int4' || b >= 32).map((b) => <option key={b} value={b}>{b}</option>)}
              </select>
            </label>
          </div>
        )}
        {'threshold' in applicable && (
          <div className="control">
            <label>Outlier threshold
              <input type="number" min={0} step={0.5} value={settings.threshold ?? applicable.threshold} onChange={setting('threshold')} disabled={building} aria-label="Outlier threshold" />
            </label>
          </div>
        )}
        {'amount' in applicable && (
          <div className="control">
            <label>Amount
              <input type="number" min={0} max={0.95} step={0.05} value={settings.amount ?? applicable.amount} onChange={setting('amount')} disabled={building} aria-label="Amount" />
            </label>
          </div>
        )}
        <button className="btn btn-primary" onClick={() => void runCells([id])} disabled={runActive} title={`Build ${recipe} (loads the model first if none is loaded)`}>Run</button>
        {(running || building) && <button className="btn" onClick={cancelRun}>Cancel</button>}
      </div>
      <CellStatusBadge cell={id} showError={live?.status !== 'error'} />
      <VariantStatus variant={building ? (live?.status === 'building' ? live : shown) : live?.status === 'error' || live?.status === 'cancelled' ? live : undefined} />
      {stored && (
        <div className={stale ? 'is-stale' : undefined} data-testid="compress-result" data-stale={stale}>
          {stale && <p className="message message-warn">Showing the result of {stored.recipe}; Run rebuilds it with the present settings.</p>}
          {!stale && !inWorker && !building && bytesNeeded && (
            <p className="message message-info" data-testid="needs-rebuild">
              Needs a rebuild: the evaluation needs this variant's model file, and model bytes are not kept across reloads (the numbers below are). Run all or the evaluation rebuilds it.
            </p>
          )}
          <VariantResults recipe={stored.recipe} summary={stored.summary} variant={inWorker ? shown : undefined} />
        </div>
      )}
    </section>
  );
}

function VariantStatus({ variant }: { variant?: VariantState }) {
  if (!variant) return null;
  if (variant.status === 'building') {
    const p = variant.progress?.status === 'layer' ? variant.progress : undefined;
    return (
      <div aria-live="polite">
        <progress value={p?.done} max={p?.total} style={{ width: '100%' }} aria-label="Compression progress" />
        <p className="mono" data-testid="compress-status">{p ? `${p.step}: ${p.done} / ${p.total}` : 'Starting…'}</p>
      </div>
    );
  }
  if (variant.status === 'cancelled') return <p className="message message-info">Cancelled.</p>;
  if (variant.status === 'error') return <p className="message message-error" role="alert" data-code={variant.error?.code}>{variant.error?.message}</p>;
  return null;
}

/**
 * The measured numbers of a build; EP runs and downloads only while its bytes are in the worker.
 * Memoized: every compress cell re-renders when a run starts or ends (its Run button), and
 * eleven per-layer tables redrawn at once were a main-thread task over 100 ms.
 */
const VariantResults = memo(function VariantResults({ recipe, summary: s, variant }: { recipe: string; summary: VariantSummary; variant?: VariantState }) {
  const f = s.footprint;
  const [downloadError, setDownloadError] = useState<string>();
  const save = (work: () => Promise<{ bytes: Uint8Array; fileName: string }>, type?: string) =>
    work().then(({ bytes, fileName }) => downloadBytes(bytes, fileName, type), (e: Error) => setDownloadError(e.message));
  const runsOn = s.kernelBackends.length ? s.kernelBackends.join(' + ') : 'no kernels needed';
  return (
    <div className="variant-results">
      <p data-testid="variant-backend">Built in {(s.buildMs / 1000).toFixed(2)} s; kernels ran on <strong>{runsOn}</strong>.</p>
      <table className="data" aria-label={`Footprint of ${recipe}`}>
        <thead><tr><th>convention</th><th>bytes</th><th></th></tr></thead>
        <tbody>
          <FootprintRow id="transformers" label="(a) get_memory_footprint()" bytes={f.transformersBytes} />
          <FootprintRow id="true" label="(b) true bytes (codes + scales + absmax)" bytes={f.trueBytes} />
          <FootprintRow id="file" label="(c) ONNX file" bytes={f.onnxFileBytes ?? 0} />
        </tbody>
      </table>
      <p className="mono">{f.parameters.toLocaleString('en-US')} parameters</p>
      {s.layers.length > 0 && (
        <details open={s.layers.length <= 16}>
          <summary>Error per Linear layer (SQNR)</summary>
          <table className="data" aria-label={`Per-layer SQNR of ${recipe}`}>
            <thead><tr><th>layer</th><th>role</th><th>SQNR (dB)</th><th>max |error|</th></tr></thead>
            <tbody>
              {s.layers.map((l) => (
                <tr key={l.weight}>
                  <td>{l.layerIndex ?? '—'}</td><td>{l.role}</td>
                  <td className="mono">{Number.isFinite(l.sqnrDb) ? l.sqnrDb.toFixed(2) : '∞'}</td>
                  <td className="mono">{l.maxAbsError.toExponential(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {variant ? (
        <>
          <RunControls recipe={recipe} runs={variant.runs} />
          <div className="controls">
            <button className="btn" onClick={() => void save(() => variantBytes(recipe))}>Download {s.fileName}</button>
            <button className="btn" onClick={() => void save(() => variantsZip([recipe]), 'application/zip')}>Download folder (.zip)</button>
          </div>
        </>
      ) : <p className="message message-info">Runs on the EPs and downloads need the model file: Run rebuilds it.</p>}
      {downloadError && <p className="message message-error" role="alert">{downloadError}</p>}
    </div>
  );
});

function FootprintRow({ id, label, bytes }: { id: string; label: string; bytes: number }) {
  return (
    <tr data-footprint={id}>
      <td>{label}</td>
      <td className="mono" data-bytes={bytes}>{bytes.toLocaleString('en-US')}</td>
      <td className="mono">{bytesText(bytes)}</td>
    </tr>
  );
}

function RunControls({ recipe, runs }: { recipe: string; runs: VariantState['runs'] }) {
  const runVariant = useModelStore((s) => s.runVariant);
  const eps: ExecutionProvider[] = ['webgpu', 'wasm'];
  return (
    <div className="controls" style={{ display: 'grid' }}>
      {eps.map((ep) => (
        <div key={ep} data-ep={ep}>
          <button className="btn" onClick={() => void runVariant(recipe, ep)} disabled={runs[ep]?.status === 'running'}>Run on {ep === 'webgpu' ? 'WebGPU' : 'wasm'} EP</button>{' '}
          <RunText run={runs[ep]} />
        </div>
      ))}
    </div>
  );
}

function RunText({ run }: { run?: RunState }) {
  if (!run) return null;
  if (run.status === 'running') return <span>running…</span>;
  if (run.status === 'error') return <span className="message message-error" role="alert">{run.error.message}</span>;
  const r = run.result;
  if (r.skipped) return <span className="message message-warn">{r.skipped}</span>;
  const cpu = r.cpuNodes === undefined ? '' : r.cpuNodes.length ? `; on CPU: ${r.cpuNodes.join(', ')}` : '; every node on WebGPU';
  return (
    <span className="mono" data-testid={`run-${r.ep}`}>
      session {r.createMs!.toFixed(0)} ms, first run {r.firstRunMs!.toFixed(0)} ms, next run {r.runMs!.toFixed(1)} ms, logits vs fp32: {r.relativeToSource!.toExponential(2)} (relative){r.ep === 'webgpu' ? cpu : ''}
    </span>
  );
}
