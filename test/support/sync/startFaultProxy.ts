import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the link to the server does wrong on purpose, to prove the desk copes. Every rate is 0–1. */
export interface LinkFaults {
  /** Answer 503 without passing the request on. */
  failRate?: number;
  /** Cut the link during a tus PATCH each time this many bytes (random in the range) have gone through since the last cut. */
  dropEveryBytes?: [number, number];
  /** Pass an API call on and let the server do its work, then cut the connection before the answer reaches the desk. */
  lostResponseRate?: number;
  /** Answer API calls with an HTML page instead of passing them on. */
  garbageRate?: number;
  /** Wait this long before passing each request on. */
  latencyMs?: number;
  /** A slow link: PATCH bodies go through at about this many bytes per second. */
  patchBytesPerSecond?: number;
}

export interface LinkStats {
  requests: number;
  /** PATCH body bytes passed on to the server (what the link carried, resent bytes included). */
  patchBytes: number;
  injected: { fail: number; drop: number; lost: number; garbage: number };
  /** Answers the server gave to PATCH requests, by status. */
  patchStatuses: Record<number, number>;
}

export interface FaultProxy {
  url: string;
  stats: LinkStats;
  setFaults(faults: LinkFaults): void;
  close(): Promise<void>;
}

const CORS_ERROR_HEADERS = {
  'Content-Type': 'application/json',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Upload-Offset, Location, Upload-Length, Tus-Version, Tus-Resumable',
};

/**
 * A bad network between a desk and its server, as a proxy: the server behind it is the real one
 * and never knows. Faults are drawn per request from `random`, so a seeded run repeats.
 */
export async function startFaultProxy(options: { target: string; port?: number; faults?: LinkFaults; random?: () => number }): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = options.random ?? Math.random;
  let faults: LinkFaults = options.faults ?? {};
  let untilDrop: number | undefined;
  const stats: LinkStats = { requests: 0, patchBytes: 0, injected: { fail: 0, drop: 0, lost: 0, garbage: 0 }, patchStatuses: {} };

  const forward = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const isPatch = req.method === 'PATCH';
    const isApiWrite = url.pathname.startsWith('/api/') && req.method !== 'GET' && req.method !== 'OPTIONS';
    const loseAnswer = isApiWrite && random() < (faults.lostResponseRate ?? 0);
    // A server that answers before the body is in (a 409 on a stale offset) reads no more of it; nor does the link.
    let answered = false;
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: url.pathname + url.search, headers: { ...req.headers, host: target.host } },
      (answer) => {
        answered = true;
        if (isPatch) stats.patchStatuses[answer.statusCode ?? 0] = (stats.patchStatuses[answer.statusCode ?? 0] ?? 0) + 1;
        if (loseAnswer && (answer.statusCode ?? 500) < 300) {
          // The server did the work; only its answer is lost on the way back.
          stats.injected.lost += 1;
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        if (res.destroyed) return void answer.resume();
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        // The body the client is still sending after an early answer goes nowhere: close, as the server does.
        if (isPatch) res.on('finish', () => !req.complete && req.socket.destroy());
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(502, CORS_ERROR_HEADERS);
        res.end(JSON.stringify({ error: 'upstream unreachable' }));
      } else res.destroy();
    });
    if (!isPatch) {
      req.pipe(upstream);
      return;
    }
    // PATCH bodies go chunk by chunk so the link can be slowed or cut where a real one would be.
    let cut = false;
    const pump = async () => {
      for await (const piece of req) {
        if (cut || answered) break;
        const chunk = piece as Buffer;
        const every = faults.dropEveryBytes;
        if (every) {
          untilDrop ??= every[0] + Math.floor(random() * (every[1] - every[0]));
          untilDrop -= chunk.length;
          if (untilDrop <= 0) {
            const keep = chunk.subarray(0, Math.max(0, chunk.length + untilDrop));
            untilDrop = undefined;
            cut = true;
            stats.injected.drop += 1;
            stats.patchBytes += keep.length;
            // What went through before the cut reaches the server; then both sides lose the link.
            await new Promise<void>((resolve) => upstream.write(keep, () => resolve()));
            await new Promise((resolve) => setTimeout(resolve, 20));
            upstream.destroy();
            req.socket.destroy();
            return;
          }
        }
        stats.patchBytes += chunk.length;
        const rate = faults.patchBytesPerSecond;
        if (rate) await new Promise((resolve) => setTimeout(resolve, (chunk.length / rate) * 1000));
        if (!upstream.write(chunk)) await new Promise((resolve) => upstream.once('drain', resolve));
      }
      if (!cut && !answered) upstream.end();
    };
    pump().catch(() => upstream.destroy());
  };

  const server = http.createServer((req, res) => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://proxy');
    const run = async () => {
      if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
      if (req.method !== 'OPTIONS' && random() < (faults.failRate ?? 0)) {
        stats.injected.fail += 1;
        req.resume();
        res.writeHead(503, CORS_ERROR_HEADERS);
        res.end(JSON.stringify({ error: 'injected failure' }));
        return;
      }
      if (url.pathname.startsWith('/api/') && req.method !== 'OPTIONS' && random() < (faults.garbageRate ?? 0)) {
        stats.injected.garbage += 1;
        req.resume();
        res.writeHead(200, { 'Content-Type': 'text/html', 'Access-Control-Allow-Origin': '*' });
        res.end('<html><body>502 Bad Gateway — nginx</body></html>');
        return;
      }
      forward(req, res, url);
    };
    run().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setFaults(next) {
      faults = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
