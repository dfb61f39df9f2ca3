// One formatter per quantity, used by both the plot labels and the table view, so the numbers
// a student reads on a bar are exactly the numbers in the table (the e2e checks this).
import type { FootprintConvention, LatencyEp } from './types.ts';

export const formatMb = (bytes: number) => Number((bytes / 1e6).toFixed(2));
export const formatPpl = (ppl: number) => Number(ppl.toFixed(2));
export const formatMs = (ms: number) => Number(ms.toFixed(1));
export const formatDb = (db: number) => Number(db.toFixed(1));

export const CONVENTION_LABELS: Record<FootprintConvention, string> = {
  transformers: 'transformers convention',
  true: 'true bytes',
  onnx: 'ONNX file',
};

export const EP_LABELS: Record<LatencyEp, string> = { webgpu: 'WebGPU', wasm: 'wasm' };
