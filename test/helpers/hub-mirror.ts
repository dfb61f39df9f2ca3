// A stand-in for the Hugging Face Hub in tests: node:http on 127.0.0.1 (random port) serving
// a folder as `/{id}/resolve/main/{file}`, with the headers a cross-origin isolated page
// (COEP require-corp) needs to read it: CORS + Cross-Origin-Resource-Policy: cross-origin.
// Faults can be injected: a 404 for any path, or a connection dropped mid-body (once, so the
// client's retry succeeds, or always). Range requests are honoured (206), as the Hub does.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface HubMirrorOptions {
  /** model id → folder in hub layout (config.json, tokenizer*.json, onnx/model.onnx). */
  models: Record<string, string>;
  /** Bytes per second (0 = unthrottled), so progress bars can be seen moving. */
  throttle?: number;
}

export interface MirrorRequest {
  method: string;
  url: string;
  range?: string;
  status: number;
}

export interface HubMirror {
  /** http://127.0.0.1:PORT — the value of the app's hub host setting. */
  url: string;
  requests: MirrorRequest[];
  /** Answer 404 for paths containing `fragment`. */
  fail404(fragment: string): void;
  /** Cut the connection after `afterBytes` of the body of files whose path contains `fragment`. */
  dropConnection(fragment: string, afterBytes: number, times?: number): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Range',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export async function startHubMirror(options: HubMirrorOptions): Promise<HubMirror> {
  const requests: MirrorRequest[] = [];
  let notFound: string[] = [];
  let drops: { fragment: string; afterBytes: number; times: number }[] = [];

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const log = (status: number) => requests.push({ method: req.method ?? 'GET', url, range: req.headers.range, status });
    if (req.method === 'OPTIONS') {
      log(204);
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    const match = /^\/(.+?)\/resolve\/main\/(.+)$/.exec(url);
    const folder = match ? options.models[match[1]!] : undefined;
    const file = folder ? path.join(folder, path.normalize(match![2]!).replace(/^(\.\.[/\\])+/, '')) : undefined;
    const exists = file !== undefined && statSync(file, { throwIfNoEntry: false })?.isFile();
    if (!exists || notFound.some((f) => url.includes(f))) {
      log(404);
      res.writeHead(404, { ...CORS_HEADERS, 'Content-Type': 'text/plain' }).end('Entry not found');
      return;
    }
    const body = readFileSync(file!);
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Math.min(Number(range[1]), body.length) : 0;
    const status = range ? 206 : 200;
    log(status);
    res.writeHead(status, {
      ...CORS_HEADERS,
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(body.length - start),
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    const drop = drops.find((d) => url.includes(d.fragment) && d.times > 0);
    if (drop) {
      drop.times--;
      // Send part of the body, then kill the socket: the browser sees a network error mid-read.
      res.write(body.subarray(start, start + drop.afterBytes), () => setTimeout(() => res.socket?.destroy(), 50));
      return;
    }
    sendThrottled(res, body.subarray(start), options.throttle ?? 0);
  };

  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail404: (fragment) => void notFound.push(fragment),
    dropConnection: (fragment, afterBytes, times = 1) => void drops.push({ fragment, afterBytes, times }),
    clearFaults: () => {
      notFound = [];
      drops = [];
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function sendThrottled(res: ServerResponse, body: Buffer, bytesPerSecond: number): void {
  if (!bytesPerSecond) {
    res.end(body);
    return;
  }
  const chunk = Math.max(1024, Math.floor(bytesPerSecond / 20));
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    res.write(body.subarray(at, at + chunk));
    at += chunk;
    if (at >= body.length) {
      clearInterval(timer);
      res.end();
    }
  }, 50);
}
