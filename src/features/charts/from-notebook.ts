// Chart data from the notebook's run cells: each compress cell's result (restored from storage
// or built now), its evaluation's perplexity and latency, and whether either is stale. Runs on
// the EPs made in the compress cell add a latency while the variant is in memory.
import { isStale, type CellId, type RunGraphState } from '../../core/notebook/run-graph.ts';
import type { EvalRow } from '../../state/eval-store.ts';
import type { VariantState } from '../../state/model-store.ts';
import type { StoredCompressResult } from '../../state/notebook-persistence.ts';
import { evalCellId } from '../../state/notebook-store.ts';
import { chartDataFromVariants } from './from-model-store.ts';
import { latencyStatsOf } from './from-eval-store.ts';
import type { VariantChartData } from './types.ts';

export interface NotebookChartInput {
  readonly compressCells: readonly CellId[];
  readonly graph: RunGraphState;
  readonly compressResults: Readonly<Record<string, StoredCompressResult>>;
  /** Variants in the worker now (for their EP runs). */
  readonly variants: Readonly<Record<string, VariantState>>;
  readonly evalRows: Readonly<Record<string, EvalRow>>;
}

export const STALE_SUFFIX = ' (stale)';

export function chartDataFromNotebook({ compressCells, graph, compressResults, variants, evalRows }: NotebookChartInput): VariantChartData[] {
  const seen = new Set<string>();
  const out: VariantChartData[] = [];
  for (const id of compressCells) {
    const result = graph.cells[id]?.result;
    const record = result && compressResults[result.resultKey];
    if (!record || seen.has(record.recipe)) continue;
    seen.add(record.recipe);
    const evalCell = evalCellId(id);
    const evalResult = graph.cells[evalCell]?.result;
    const row = evalResult ? evalRows[evalResult.resultKey] : undefined;
    const live = variants[record.recipe];
    const state: VariantState = { recipe: record.recipe, status: 'ready', summary: record.summary, runs: live?.status === 'ready' ? live.runs : {} };
    const [data] = chartDataFromVariants([state], {
      perplexities: row && row.protocol === 'masked-lm' ? { [record.recipe]: { value: row.metrics.perplexity, low: row.metrics.ci95[0], high: row.metrics.ci95[1] } } : undefined,
      latencies: row?.latency && (row.device === 'webgpu' || row.device === 'wasm')
        ? { [record.recipe]: { [row.device]: latencyStatsOf(row.latency) } } : undefined,
    });
    const stale = isStale(graph, id) || (!!evalResult && isStale(graph, evalCell));
    out.push({ ...data!, label: stale ? `${record.recipe}${STALE_SUFFIX}` : record.recipe, stale });
  }
  return out;
}
