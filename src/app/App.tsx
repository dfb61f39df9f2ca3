import { BitFormatLab } from '../features/formats/BitFormatLab.tsx';
import { ExportImportBar } from '../features/notebook/ExportImportBar.tsx';
import { IntroCell } from '../features/notebook/IntroCell.tsx';
import { ReflectionGroup } from '../features/notebook/ReflectionGroup.tsx';
import { PresentToggle } from '../features/formats/PresentToggle.tsx';
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
        <IntroCell />
        <BitFormatLab />
        <ReflectionGroup part="quantization" />
        <ReflectionGroup part="pruning" />
      </main>
    </div>
  );
}
