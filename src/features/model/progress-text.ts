// Human-readable sizes, rates and times for progress bars and summaries.
export function bytesText(n: number): string {
  if (n < 1e3) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  if (n < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e9).toFixed(2)} GB`;
}

export function secondsText(s: number): string {
  if (s < 1) return '<1 s';
  if (s < 90) return `${Math.round(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function downloadText(p: { loaded: number; total?: number; bytesPerSecond: number; secondsLeft?: number; fromCache: boolean }): string {
  const parts = [p.total !== undefined ? `${bytesText(p.loaded)} / ${bytesText(p.total)}` : bytesText(p.loaded)];
  if (p.fromCache) parts.push('from the browser cache');
  else {
    parts.push(`${bytesText(p.bytesPerSecond)}/s`);
    if (p.secondsLeft !== undefined) parts.push(`${secondsText(p.secondsLeft)} left`);
  }
  return parts.join(' · ');
}
