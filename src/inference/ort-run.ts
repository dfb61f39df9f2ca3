// Running a model variant on one of onnxruntime-web's execution providers in the browser, and
// saying which nodes the WebGPU EP handed to the CPU. ORT prints its node placement at the
// verbose log level ("Node(s) placed on [CPUExecutionProvider]. Number of nodes: N" followed
// by one "  OpType (name)" line per node) through console; we read those lines while the
// session is created, so the report names the exact nodes, not just "some fell back".
import { ort } from './ort-browser.ts';
import { runMaskedLm, type MaskedLmBatch, type OrtSession } from './ort-session.ts';

export type ExecutionProvider = 'webgpu' | 'wasm';

export interface EpRun {
  ep: ExecutionProvider;
  logits: Float32Array;
  dims: readonly number[];
  /** Session creation (graph optimization, weight upload), in milliseconds. */
  createMs: number;
  /** The first run (WebGPU compiles its shaders here) and a second run of the same batch. */
  firstRunMs: number;
  runMs: number;
  /**
   * "OpType (node name)" of nodes ORT placed on its CPU EP (always empty for the wasm EP);
   * undefined when ORT's placement log was not available (ORT started before this module).
   */
  cpuNodes?: string[];
}

// ORT reads env.logLevel once, when its wasm starts; it is the floor for every session's own
// logSeverityLevel. Verbose here lets the WebGPU session below print its node placement while
// every other session keeps ORT's default severity (warning, set per session).
ort.env.logLevel = 'verbose';

const PLACEMENT_SOURCE = 'VerifyEachNodeIsAssignedToAnEp]';
const PLACEMENT = /Node\(s\) placed on \[(\w+)\]/;
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

// Emscripten binds console.error/console.log when ORT's wasm starts, so swapping console
// methods later would not see ORT's lines: we install one forwarding wrapper now (before any
// session exists) that feeds the active collector, or the real console when none is active.
let collector: string[] | undefined;
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    if (collector) collector.push(...args.map(String).join(' ').split('\n'));
    else original(...args);
  };
}

/** Collects ORT's console lines while `work` runs (also keeps a verbose session's run-time chatter out of the console). */
export async function withOrtLog<T>(work: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  collector = lines;
  try {
    const value = await work();
    return { value, lines };
  } finally {
    collector = undefined;
  }
}

/** "OpType (name)" lines listed under "placed on [CPUExecutionProvider]". */
export function cpuPlacedNodes(lines: readonly string[]): string[] | undefined {
  if (!lines.some((l) => l.includes(PLACEMENT_SOURCE))) return undefined;
  const nodes: string[] = [];
  let onCpu = false;
  for (const line of lines) {
    const at = line.indexOf(PLACEMENT_SOURCE);
    if (at < 0) continue;
    // ORT colours its log lines (ANSI escapes), which would defeat the patterns below.
    const text = line.slice(at + PLACEMENT_SOURCE.length).replace(ANSI_COLOUR, '');
    const placed = PLACEMENT.exec(text);
    if (placed) {
      onCpu = placed[1] === 'CPUExecutionProvider';
      continue;
    }
    const node = /^\s+(\w+) \((.*)\)\s*$/.exec(text);
    if (onCpu && node) nodes.push(`${node[1]} (${node[2]})`);
  }
  return nodes;
}

export async function createEpSession(model: Uint8Array, ep: ExecutionProvider): Promise<{ session: OrtSession; cpuNodes?: string[] }> {
  // Session-level verbosity only: ort.env.logLevel would stay verbose for every later session.
  const options = { executionProviders: [ep], graphOptimizationLevel: 'all' as const, logSeverityLevel: ep === 'webgpu' ? (0 as const) : (3 as const) };
  if (ep === 'wasm') return { session: await ort.InferenceSession.create(model, options), cpuNodes: [] };
  const { value, lines } = await withOrtLog(() => ort.InferenceSession.create(model, options));
  return { session: value, cpuNodes: cpuPlacedNodes(lines) };
}

export async function runOnEp(model: Uint8Array, ep: ExecutionProvider, batch: MaskedLmBatch): Promise<EpRun> {
  const t0 = performance.now();
  const { session, cpuNodes } = await createEpSession(model, ep);
  const t1 = performance.now();
  // A session created verbose stays verbose: keep its run-time chatter (every shader it
  // builds) out of the page's console.
  const quietly = <T,>(work: () => Promise<T>) => (ep === 'webgpu' ? withOrtLog(work).then((r) => r.value) : work());
  try {
    const { data, dims } = await quietly(() => runMaskedLm(ort, session, batch));
    const t2 = performance.now();
    await quietly(() => runMaskedLm(ort, session, batch));
    return { ep, logits: data, dims, createMs: t1 - t0, firstRunMs: t2 - t1, runMs: performance.now() - t2, cpuNodes };
  } finally {
    await session.release();
  }
}
