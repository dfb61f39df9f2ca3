import { BitFormatLab } from '../features/formats/BitFormatLab.tsx';
import { IntroCell } from '../features/notebook/IntroCell.tsx';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <a className="brand" href="./" aria-label="bitlab home">
          <span className="brand-mark" aria-hidden="true">▮▯▮</span> bitlab
        </a>
        <span className="tagline">model compression, done for real in your browser</span>
      </header>
      <main className="notebook" aria-label="Notebook">
        <IntroCell />
        <BitFormatLab />
      </main>
    </div>
  );
}
