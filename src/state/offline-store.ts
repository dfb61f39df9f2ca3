// Whether the lesson is saved for offline use (src/workers/offline/register.ts reports it).
// 'off' in development and test builds, where no service worker is registered.
import { create } from 'zustand';
import { registerOfflineWorker, type OfflineState } from '../workers/offline/register.ts';

export type OfflineStoreState = { state: OfflineState | { status: 'off' } };

export const useOfflineStore = create<OfflineStoreState>(() => ({ state: { status: 'off' } }));

export function startOfflineSupport(): void {
  if (!('serviceWorker' in navigator)) return;
  void registerOfflineWorker((state) => useOfflineStore.setState({ state }));
}
