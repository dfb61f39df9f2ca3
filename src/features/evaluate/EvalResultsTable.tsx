// The results table of the evaluation cell: one group per (model, data set, protocol, device),
// fp32 first; paired differences and latency ratios only against the fp32 run of the same group.
import { memo } from 'react';
import { BASELINE_VARIANT, type EvalRow } from '../../state/eval-store.ts';
import { fixed, pairedRatioText, signed, verdict } from './eval-text.ts';

function groupsOf(rows: EvalRow[]): [string, EvalRow[]][] {
  const groups = new Map<string, EvalRow[]>();
  for (const row of rows) {
    const id = [row.model, row.dataset, row.protocol, row.device].join(' · ');
    groups.set(id, [...(groups.get(id) ?? []), row]);
  }
  for (const list of groups.values()) list.sort((a, b) => (a.variant === BASELINE_VARIANT ? -1 : b.variant === BASELINE_VARIANT ? 1 : a.variant.localeCompare(b.variant)));
  return [...groups];
}

/** staleKeys: results whose settings (or the variant they scored) changed since; shown greyed. */
const NO_STALE: ReadonlySet<string> = new Set();

/** Memoized: the evaluate cell re-renders on every progress message; the table only when rows change. */
export const EvalResultsTable = memo(function EvalResultsTable({ rows, staleKeys = NO_STALE }: { rows: EvalRow[]; staleKeys?: ReadonlySet<string> }) {
  if (rows.length === 0) return <p className="message message-info">No results yet.</p>;
  return (
    <>
      {groupsOf(rows).map(([group, list]) => (
        <table key={group} className="data" aria-label={`Results: ${group}`} data-testid="eval-results">
          <caption>{group}{list[0]!.protocol === 'classic' ? ' — classic (misleading)' : ''}</caption>
          <thead>
            <tr>
              <th>variant</th><th>perplexity [95 % CI]</th><th>accuracy</th><th>masked tokens</th><th>lines</th>
              <th>Δ perplexity vs fp32 [paired 95 % CI]</th><th>latency median / p90 (ms per batch)</th><th>× fp32 (paired rounds) [95 % CI]</th><th>nodes on CPU</th>
            </tr>
          </thead>
          <tbody>{list.map((row) => <ResultRow key={row.key} row={row} stale={staleKeys.has(row.key)} baseline={list.find((r) => r.variant === BASELINE_VARIANT)} />)}</tbody>
        </table>
      ))}
      {rows.some((r) => r.device === 'wasm' && r.latency?.paired) && <WasmLatencyNote />}
    </>
  );
});

/** Why the 4-bit and weight-only int8 rows are not faster on wasm (onnxruntime-web 1.31's CPU kernels). */
function WasmLatencyNote() {
  return (
    <p className="message message-info" data-testid="wasm-latency-note">
      Why most quantized rows are not faster on wasm: onnxruntime's wasm build has no matrix multiply that reads
      4-bit or 8-bit weights directly. MatMulBnb4 (fp4, nf4), MatMulNBits (int4) and DequantizeLinear (int8-weight-only)
      turn the weights back into float32 on every call and then run the same float32 multiply as fp32, so they save
      memory, not time. fp16 runs exactly as fp32: onnxruntime converts its weights to float32 once, when the session
      starts (constant folding), so while it runs it holds them as float32 too. int8 (LLM.int8) quantizes the activations
      as well and multiplies int8 × int8, which can be faster. Pruned weights are still dense tensors: only removing whole FFN columns or heads takes work away.
    </p>
  );
}

function ResultRow({ row, baseline, stale }: { row: EvalRow; baseline?: EvalRow; stale: boolean }) {
  const m = row.metrics;
  const vs = row.versusBaseline?.difference;
  const lat = row.latency;
  // Only a timing of the same inputs (same batch and padded length) can be divided. A result
  // stored before paired timing existed keeps its old, unpaired ratio, and says so.
  const sameInputs = lat && baseline?.latency && row !== baseline && lat.batch === baseline.latency.batch && lat.sequence === baseline.latency.sequence;
  const unpaired = sameInputs && !lat.paired ? lat.batchMs.median / baseline.latency!.batchMs.median : undefined;
  const cpu = row.device === 'wasm' ? '— (wasm)' : row.cpuNodes === undefined ? 'unknown (no ORT log)' : row.cpuNodes.length ? row.cpuNodes.join(', ') : 'none';
  return (
    <tr data-variant={row.variant} data-perplexity={m.perplexity} data-stale={stale} className={stale ? 'is-stale' : undefined}>
      <td>{row.variant}{stale && <span className="badge badge-stale" title="stale: settings changed since this result"> stale</span>}</td>
      <td className="mono" data-testid="ppl">{fixed(m.perplexity, 3)}{m.resamples > 0 ? ` [${fixed(m.ci95[0], 3)}, ${fixed(m.ci95[1], 3)}]` : ' (no interval)'}</td>
      <td className="mono">{fixed(m.accuracy * 100, 1)} %</td>
      <td className="mono">{m.maskedTokens}</td>
      <td className="mono">{m.lines}</td>
      <td className="mono" data-testid="delta">
        {row.variant === BASELINE_VARIANT ? 'baseline'
          : row.protocol === 'classic' ? <span title="the classic protocol draws no fixed masks per line to pair">— (not paired)</span>
          : vs ? <>{signed(vs.deltaPerplexity)} [{signed(vs.ci95Perplexity[0])}, {signed(vs.ci95Perplexity[1])}] <strong data-testid="verdict">{verdict(vs)}</strong></>
            : <span title="needs the fp32 run on the same data, protocol and device">—</span>}
      </td>
      <td className="mono" data-testid="latency">{lat ? `${fixed(lat.batchMs.median)} / ${fixed(lat.batchMs.p90)} (${fixed(lat.exampleMs.median)} per example, ${Math.round(lat.tokensPerSecond)} tokens/s)` : '—'}</td>
      <td className="mono" data-testid="ratio" data-verdict={lat?.paired?.verdict}>
        {row === baseline ? 'baseline'
          : lat?.paired ? <><span title={`median of ${lat.paired.rounds} rounds; each round times fp32 and ${row.variant} back to back (${lat.paired.callsPerTurn} calls each, order alternating); 95 % interval of that median; slower or faster is said only beyond ±${Math.round(lat.paired.margin * 100)} %, what identical graphs differ by`}>{pairedRatioText(lat.paired)}</span>
            <br /><small data-testid="paired-baseline">fp32 in the same rounds: {fixed(lat.paired.baselineMs.median)} ms</small></>
          : unpaired !== undefined ? <span title="timed one after the other, not in turns: differences of ±10 % are noise">{fixed(unpaired)}× (unpaired)</span> : '—'}
      </td>
      <td className="mono" data-testid="cpu-nodes">{cpu}</td>
    </tr>
  );
}
