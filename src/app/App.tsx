import { CompareCell } from '../features/charts/CompareCell.tsx';
import { CompressCell } from '../features/compress/CompressCell.tsx';
import { EvaluateCell } from '../features/evaluate/EvaluateCell.tsx';
import { BitFormatLab } from '../features/formats/BitFormatLab.tsx';
import { PresentToggle } from '../features/formats/PresentToggle.tsx';
import { LessonTextCell } from '../features/lesson/LessonTextCell.tsx';
import {
  LESSON_EVALUATE, LESSON_FP16, LESSON_FP32, LESSON_FP4, LESSON_INT4, LESSON_INT8, LESSON_NF4, LESSON_PRUNING,
} from '../features/lesson/lesson-text.ts';
import { ExportImportBar } from '../features/notebook/ExportImportBar.tsx';
import { LoadModelCell } from '../features/model/LoadModelCell.tsx';
import { IntroCell } from '../features/notebook/IntroCell.tsx';
import { ReflectionGroup } from '../features/notebook/ReflectionGroup.tsx';
import { RunAllBar } from '../features/run/RunAllBar.tsx';
import { SizesCell } from '../features/sizes/SizesCell.tsx';
import { useLabStore } from '../state/lab-store.ts';

export function App() {
  const present = useLabStore((s) => s.present);
  return (
    <div className={present ? 'app is-present' : 'app'}>
      <header className="app-header">
        <a className="brand" href="./" aria-label="bitlab home">
          <span className="brand-mark" aria-hidden="true">▮▯▮</span> bitlab
        </a>
        <span className="tagline">model compression, done for real in your browser</span>
        <PresentToggle />
        <ExportImportBar />
      </header>
      <main className="notebook" aria-label="Notebook">
        <RunAllBar />
        <IntroCell />
        <BitFormatLab />
        <LoadModelCell />
        <LessonTextCell text={LESSON_FP32} />
        <LessonTextCell text={LESSON_FP16} />
        <CompressCell recipe="fp16" />
        <LessonTextCell text={LESSON_INT8} />
        <CompressCell recipe="int8" />
        <LessonTextCell text={LESSON_FP4} />
        <CompressCell recipe="fp4" />
        <LessonTextCell text={LESSON_NF4} />
        <CompressCell recipe="nf4" />
        <CompressCell recipe="nf4-dq" />
        <LessonTextCell text={LESSON_INT4} />
        <CompressCell recipe="int4" />
        <SizesCell />
        <LessonTextCell text={LESSON_EVALUATE} />
        <EvaluateCell />
        <ReflectionGroup part="quantization" />
        <LessonTextCell text={LESSON_PRUNING} />
        <CompressCell initialRecipe="prune-l1:0.2" title="Prune 20 % of every Linear layer" />
        <CompressCell initialRecipe="prune-l1:0.4" title="Prune 40 % of every Linear layer" />
        <CompressCell initialRecipe="prune-ffn:0.5" title="Structured: remove half the feed-forward neurons" />
        <CompressCell initialRecipe="prune-heads:0.5" title="Structured: remove half the attention heads of every layer" />
        <CompressCell initialRecipe="prune-2of4" title="2:4 sparsity: keep the 2 largest of every 4 weights" />
        <CompareCell />
        <ReflectionGroup part="pruning" />
      </main>
    </div>
  );
}
