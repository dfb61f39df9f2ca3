// "Load a model": the embedded mini-BERT (offline), a Hugging Face model id (streamed and
// cached), or local files (picked or dropped). Shows download progress with a Cancel button,
// errors inline (the previous model stays loaded), and a summary of the loaded model.
import { useEffect, useState } from 'react';
import { useModelStore } from '../../state/model-store.ts';
import { runCells, setRunEnvironment } from '../../state/notebook-runner.ts';
import { LOAD_CELL, loadSourceOf, useNotebookStore } from '../../state/notebook-store.ts';
import { CellStatusBadge } from '../run/CellStatusBadge.tsx';
import type { ModelSource } from '../../workers/compress-protocol.ts';
import { DEFAULT_HUB_HOST, DEFAULT_HUB_ID } from '../../workers/load/model-files.ts';
import { filesFromDrop } from './drop-files.ts';
import { bytesText, downloadText } from './progress-text.ts';

export interface LoadModelCellProps {
  embeddedBaseUrl?: string;
  embeddedName?: string;
  defaultHubHost?: string;
  defaultHubId?: string;
}

type SourceKind = ModelSource['kind'];

export function LoadModelCell({ embeddedBaseUrl = '/models/mini-bert-sotu/', embeddedName = 'mini-bert-sotu', defaultHubHost = DEFAULT_HUB_HOST, defaultHubId = DEFAULT_HUB_ID }: LoadModelCellProps) {
  // Field by field: the whole store changes with every compress progress message, and a main-
  // thread task over 100 ms is a visible freeze (e2e/perf.spec.ts measures it).
  const loadStatus = useModelStore((s) => s.loadStatus);
  const loadProgress = useModelStore((s) => s.loadProgress);
  const loadError = useModelStore((s) => s.loadError);
  const model = useModelStore((s) => s.model);
  const cancelLoad = useModelStore((s) => s.cancelLoad);
  // The source choice is saved with the notebook (Run all loads from it); files are not.
  const source = loadSourceOf(useNotebookStore((s) => s.settings));
  const setLoadSource = useNotebookStore((s) => s.setLoadSource);
  const lastLoaded = useNotebookStore((s) => s.graph.cells[LOAD_CELL]?.result?.runId);
  const runActive = useNotebookStore((s) => !!s.run?.active);
  const kind = source.kind;
  const hubId = source.hubId || defaultHubId;
  const host = source.host || defaultHubHost;
  const [dragging, setDragging] = useState(false);
  const loading = loadStatus === 'loading';
  const hydrate = useNotebookStore((s) => s.hydrate);
  useEffect(() => void hydrate(), [hydrate]);
  useEffect(() => setRunEnvironment({ embeddedBaseUrl, embeddedName, defaultHubHost, defaultHubId }), [embeddedBaseUrl, embeddedName, defaultHubHost, defaultHubId]);

  const start = () => {
    if (kind === 'embedded') void runCells([LOAD_CELL], { loadSource: { kind, baseUrl: embeddedBaseUrl, name: embeddedName } });
    if (kind === 'hub') void runCells([LOAD_CELL], { loadSource: { kind, host, id: hubId } });
  };
  const fromFiles = (files: File[]) => files.length > 0 && void runCells([LOAD_CELL], { loadSource: { kind: 'files', files } });
  const setKind = (k: SourceKind) => setLoadSource({ kind: k });
  const setHubId = (id: string) => setLoadSource({ hubId: id });
  const setHost = (h: string) => setLoadSource({ host: h });

  return (
    <section className="cell load-model-cell" data-cell="load-model" aria-label="Load a model">
      <div className="cell-kicker">Model</div>
      <h2>Load a model</h2>
      <div className="controls" role="radiogroup" aria-label="Model source">
        {(['embedded', 'hub', 'files'] as const).map((k) => (
          <label key={k} className="check">
            <input type="radio" name="model-source" value={k} checked={kind === k} onChange={() => setKind(k)} disabled={loading} />
            {{ embedded: `Embedded ${embeddedName} (offline)`, hub: 'Hugging Face Hub', files: 'Local files' }[k]}
          </label>
        ))}
      </div>
      {kind === 'hub' && (
        <div className="controls">
          <div className="control">
            <label htmlFor="hub-id">Model id</label>
            <input id="hub-id" type="text" value={hubId} onChange={(e) => setHubId(e.target.value)} disabled={loading} />
          </div>
          <div className="control">
            <label htmlFor="hub-host">Host</label>
            <input id="hub-host" type="text" value={host} onChange={(e) => setHost(e.target.value)} disabled={loading} />
          </div>
        </div>
      )}
      {kind === 'files' ? (
        <div
          className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
          data-testid="drop-zone"
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => { e.preventDefault(); setDragging(false); void filesFromDrop(e.dataTransfer).then(fromFiles); }}
          style={{ border: '2px dashed var(--line)', borderRadius: 8, padding: '1rem', margin: '0.5rem 0' }}
        >
          <p>Drop a model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) or those files here, or pick them:</p>
          <div className="controls">
            <label className="btn">Pick a folder
              <input type="file" hidden {...{ webkitdirectory: '' }} onChange={(e) => fromFiles([...(e.target.files ?? [])])} aria-label="Pick a model folder" />
            </label>
            <label className="btn">Pick files
              <input type="file" hidden multiple onChange={(e) => fromFiles([...(e.target.files ?? [])])} aria-label="Pick model files" />
            </label>
          </div>
        </div>
      ) : (
        <div className="controls">
          <button className="btn btn-primary" onClick={start} disabled={loading || runActive}>Load</button>
        </div>
      )}
      {loading && (
        <div className="load-progress" aria-live="polite">
          <progress
            aria-label="Download progress"
            value={loadProgress?.status === 'download' ? loadProgress.loaded : undefined}
            max={loadProgress?.status === 'download' ? loadProgress.total : undefined}
            style={{ width: '100%' }}
          />
          <p className="mono" data-testid="load-progress-text">
            {loadProgress?.status === 'download' ? `${loadProgress.file}: ${downloadText(loadProgress)}` : loadProgress?.status === 'validate' ? 'Checking the model…' : 'Starting…'}
          </p>
          <button className="btn" onClick={cancelLoad}>Cancel</button>
        </div>
      )}
      <CellStatusBadge cell={LOAD_CELL} showError={!loadError} />
      {!model && lastLoaded && (
        <p className="message message-info" data-testid="last-loaded">
          Last loaded: {lastLoaded.replace(/#\d+$/, '')}. Its results below are kept; the model itself is loaded again when a step needs it.
        </p>
      )}
      {loadStatus === 'cancelled' && <p className="message message-info">Loading cancelled{model ? `; ${model.name} is still loaded` : ''}.</p>}
      {loadError && (
        <p className="message message-error" role="alert" data-code={loadError.code}>
          {loadError.message}{model ? ` The model loaded before (“${model.name}”) stays loaded.` : ''}
        </p>
      )}
      {model && <ModelSummaryView />}
    </section>
  );
}

function ModelSummaryView() {
  const model = useModelStore((s) => s.model)!;
  return (
    <dl className="model-summary" data-testid="model-summary" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '0.2rem 1rem' }}>
      <dt>Model</dt><dd data-testid="model-name">{model.name}{model.fromCache ? ' (from the browser cache)' : ''}</dd>
      <dt>Parameters</dt><dd className="mono" data-testid="model-parameters">{model.parameters.toLocaleString('en-US')}</dd>
      <dt>Linear layers</dt><dd className="mono" data-testid="model-linears">{model.linearLayers} ({model.quantizedLayers} quantized by the recipes)</dd>
      <dt>ONNX file</dt><dd className="mono" data-testid="model-file-size" data-bytes={model.onnxBytes}>{bytesText(model.onnxBytes)}</dd>
      <dt>Vocabulary / hidden</dt><dd className="mono">{model.vocabSize.toLocaleString('en-US')} / {model.hiddenSize}</dd>
    </dl>
  );
}
