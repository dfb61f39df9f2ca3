// Saving something as a file from the browser: a Blob, an object URL and a clicked
// <a download>. The URL is revoked a while later: revoking at once can cancel the download.
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadBytes(bytes: Uint8Array, fileName: string, type = 'application/octet-stream'): void {
  downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), fileName);
}

export function downloadText(fileName: string, text: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName);
}
