// A run cell's status: idle / queued / running / done / stale / error / cancelled, and why a
// result is stale. Reads the run graph; shows nothing it did not get from a run.
import type { CellId } from '../../core/notebook/run-graph.ts';
import { displayStatus, staleReason, useNotebookStore } from '../../state/notebook-store.ts';
import './run.css';

export function CellStatusBadge({ cell, label, showError = true }: { readonly cell: CellId; readonly label?: string; readonly showError?: boolean }) {
  const graph = useNotebookStore((s) => s.graph);
  const status = displayStatus(graph, cell);
  const reason = staleReason(graph, cell);
  const error = graph.cells[cell]?.error;
  return (
    <div className="cell-status" data-testid="cell-status" data-cell-id={cell} data-status={status}>
      {label && <span>{label}</span>}
      <span className={`badge badge-${status}`}>{status}</span>
      {reason && <span className="stale-text" data-testid="stale-reason">{reason}</span>}
      {showError && status === 'error' && error && <span className="message message-error" role="alert">{error}</span>}
    </div>
  );
}
