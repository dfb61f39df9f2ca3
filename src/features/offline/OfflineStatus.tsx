// A small status line in the corner: "Saving the lesson for offline use… 12 / 45 MB", then
// "Works offline"; or "A new version of bitlab is ready — Reload".
import { useOfflineStore } from '../../state/offline-store.ts';
import './offline.css';

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

export function OfflineStatus() {
  const state = useOfflineStore((s) => s.state);
  if (state.status === 'off') return null;
  return (
    <div className="offline-status" role="status" data-testid="offline-status" data-status={state.status}>
      {state.status === 'saving' && <>Saving the lesson for offline use… {mb(state.bytes)} / {mb(state.totalBytes)} MB</>}
      {state.status === 'ready' && <>✓ Works offline</>}
      {state.status === 'failed' && <>Not saved for offline use: {state.message}</>}
      {state.status === 'update-ready' && (
        <>A new version of bitlab is ready. <button className="btn" onClick={state.apply}>Reload</button></>
      )}
    </div>
  );
}
