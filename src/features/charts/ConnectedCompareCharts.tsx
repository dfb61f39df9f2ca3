// The comparison charts fed by the notebook: every compress cell's result (restored or built
// now) with its evaluation, stale ones flagged; and the weight histogram of a Linear layer of
// the loaded model, computed in the compression worker for the layer the student picks.
import { useEffect, useMemo, useState } from 'react';
import { useEvalStore } from '../../state/eval-store.ts';
import { linearLayers, useModelStore, weightHistogram } from '../../state/model-store.ts';
import { useNotebookStore } from '../../state/notebook-store.ts';
import type { LinearLayerInfo, WeightHistogramData } from '../../workers/compress-protocol.ts';
import { chartDataFromNotebook } from './from-notebook.ts';
import { LazyCompareCharts } from './LazyCompareCharts.tsx';
import type { WeightSample } from './types.ts';

export interface ConnectedCompareChartsProps {
  /** A fixed weight sample for the histogram (tests); otherwise the loaded model's layers. */
  readonly weights?: WeightSample;
}

export interface LayerHistogram {
  readonly layers: readonly LinearLayerInfo[];
  readonly picked?: string;
  readonly onPick: (weight: string) => void;
  readonly data?: WeightHistogramData;
  /** Why there is no histogram (no model loaded, the worker failed). */
  readonly message?: string;
}

const BINS = 48;
const NO_LAYERS: readonly LinearLayerInfo[] = [];

function useLayerHistogram(): LayerHistogram {
  const model = useModelStore((s) => s.model);
  const generation = useModelStore((s) => s.modelGeneration);
  const [layers, setLayers] = useState<{ generation: number; list: LinearLayerInfo[] }>();
  const [picked, setPicked] = useState<string>();
  const [result, setResult] = useState<{ key: string; data?: WeightHistogramData; error?: string }>();

  useEffect(() => {
    if (!model) return;
    let live = true;
    linearLayers().then(
      (list) => { if (live) setLayers({ generation, list }); },
      (error: Error) => { if (live) setResult({ key: `${generation}`, error: error.message }); },
    );
    return () => { live = false; };
  }, [model, generation]);

  const list = layers?.generation === generation ? layers.list : NO_LAYERS;
  // The first feed-forward layer by default: the largest, with the clearest bell shape.
  const weight = picked && list.some((l) => l.weight === picked) ? picked : (list.find((l) => l.role === 'intermediate') ?? list[0])?.weight;
  const key = `${generation}|${weight}`;
  useEffect(() => {
    if (!model || !weight) return;
    let live = true;
    weightHistogram(weight, BINS).then(
      (data) => { if (live) setResult({ key, data }); },
      (error: Error) => { if (live) setResult({ key, error: error.message }); },
    );
    return () => { live = false; };
  }, [model, weight, key]);

  const current = result?.key === key ? result : undefined;
  const data = model ? current?.data : undefined;
  const message = !model ? 'Load a model to see the weights of its layers.' : current?.error ?? (current ? undefined : 'Computing the histogram in the worker…');
  // The same object while nothing in it changed: the histogram chart (48 reference areas, each
  // a store update inside recharts) then skips the redraws that new variants or results ask of
  // the other charts.
  return useMemo(() => ({ layers: list, picked: weight, onPick: setPicked, data, message }), [list, weight, data, message]);
}

export function ConnectedCompareCharts({ weights }: ConnectedCompareChartsProps) {
  const compressCells = useNotebookStore((s) => s.compressCells);
  const graph = useNotebookStore((s) => s.graph);
  const compressResults = useNotebookStore((s) => s.compressResults);
  const variants = useModelStore((s) => s.variants);
  const evalRows = useEvalStore((s) => s.results);
  const histogram = useLayerHistogram();
  const data = useMemo(() => chartDataFromNotebook({ compressCells, graph, compressResults, variants, evalRows }),
    [compressCells, graph, compressResults, variants, evalRows]);
  if (data.length === 0 && !histogram.data && !weights) return <p className="chart-empty">Build a variant to compare it here.</p>;
  return <LazyCompareCharts variants={data} weights={weights} histogram={histogram} />;
}

