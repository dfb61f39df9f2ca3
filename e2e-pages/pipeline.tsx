// Test page for the compression pipeline until App.tsx renders these cells: LoadModelCell and
// a few CompressCells. Query parameters: ?host= (hub host, e.g. a test mirror), ?id= (model
// id), ?embedded= (base URL of the embedded model folder), ?evaltext= (the embedded held-out text).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CompressCell } from '../src/features/compress/CompressCell.tsx';
import { EvaluateCell } from '../src/features/evaluate/EvaluateCell.tsx';
import { LoadModelCell } from '../src/features/model/LoadModelCell.tsx';
import '../src/ui/theme.css';

const params = new URLSearchParams(location.search);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <header className="app-header"><span className="brand">bitlab</span> <span className="tagline">compression pipeline</span></header>
    <main className="notebook">
      <LoadModelCell
        defaultHubHost={params.get('host') ?? undefined}
        defaultHubId={params.get('id') ?? undefined}
        embeddedBaseUrl={params.get('embedded') ?? undefined}
      />
      <CompressCell recipe="nf4" />
      <CompressCell recipe="int4" />
      <CompressCell initialRecipe="prune-l1:0.4" />
      <EvaluateCell embeddedTextUrl={params.get('evaltext') ?? undefined} hubHost={params.get('host') ?? undefined} />
    </main>
  </StrictMode>,
);
