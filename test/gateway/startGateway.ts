import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Server as TusServer, EVENTS } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { z } from 'zod';
import { formatPortalTimestamp } from '../../preload/shared/domain/calendar/localDate';
import { GatewayJournal, type GatewayDossier, type StatusChange } from './GatewayJournal';

/** What the gateway does wrong on purpose, to prove the desk copes. Every rate is 0–1. */
export interface GatewayFaults {
  /** Answer 503 before doing anything. */
  failRate?: number;
  /** Cut the link during a tus PATCH each time this many bytes (random in the range) have come in since the last cut. */
  dropEveryBytes?: [number, number];
  /** Do the work of an API call, then cut the connection before the answer (the client must repeat it). */
  lostResponseRate?: number;
  /** Answer API calls with an HTML page instead of JSON. */
  garbageRate?: number;
  /** Wait this long before handling each request. */
  latencyMs?: number;
  /** A slow link: PATCH bodies are read at about this many bytes per second. */
  patchBytesPerSecond?: number;
}

export interface GatewayOptions {
  /** Folder for uploads and the journal; reused across restarts. */
  dir: string;
  port?: number;
  /** Bearer token the desk must present; none means open. */
  token?: string;
  faults?: GatewayFaults;
  /** Unfinished uploads older than this are discarded (tus expiration). */
  uploadExpiryMs?: number;
  random?: () => number;
}

export interface GatewayStats {
  requests: number;
  patchBytes: number;
  injected: { fail: number; drop: number; lost: number; garbage: number };
  /** Answers tus gave to PATCH requests, by status. */
  patchStatuses: Record<number, number>;
}

export interface Gateway {
  url: string;
  stats: GatewayStats;
  dossiers(): Map<string, GatewayDossier>;
  setFaults(faults: GatewayFaults): void;
  /** A status change made by the ministry system, for desks to pull. */
  pushStatus(dossierId: string, status: number, note?: string): StatusChange;
  /** Bytes of a stored, verified file. */
  fileSha256(dossierId: string, name: string): Promise<string | undefined>;
  cleanUpExpiredUploads(): Promise<number>;
  close(): Promise<void>;
}

const metadataSchema = z.object({
  code: z.string().regex(/^[A-Z0-9.]+-\d{6}-\d{4}$/),
  procedureCode: z.string().min(1),
  receivedAt: z.string().regex(/^\d{14}$/),
  dueAt: z.string().regex(/^\d{14}$/),
  applicant: z.object({ idNumber: z.string().regex(/^\d{12}$/), fullName: z.string().min(1), address: z.string().optional(), phone: z.string().optional() }),
  filesFingerprint: z.string().optional(),
  files: z.array(z.object({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().positive() })).min(1),
});

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/**
 * The reference ministry gateway of assets/api/ministry-gateway.openapi.yaml, for tests and pilots:
 * tus uploads through @tus/server on disk, dossiers and status changes in an fsync'ed journal, dedup
 * on the dossier id, SHA-256 checked on every file, and faults injected on request.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const filesDir = path.join(options.dir, 'files');
  await mkdir(filesDir, { recursive: true });
  const journal = new GatewayJournal(path.join(options.dir, 'journal.jsonl'));
  const random = options.random ?? Math.random;
  let faults: GatewayFaults = options.faults ?? {};
  let untilDrop: number | undefined;
  const stats: GatewayStats = { requests: 0, patchBytes: 0, injected: { fail: 0, drop: 0, lost: 0, garbage: 0 }, patchStatuses: {} };

  const tus = new TusServer({
    path: '/files',
    datastore: new FileStore({ directory: filesDir, ...(options.uploadExpiryMs ? { expirationPeriodInMilliseconds: options.uploadExpiryMs } : {}) }),
    relativeLocation: true,
    allowedHeaders: ['Authorization'],
    async onUploadCreate(_req, upload) {
      const meta = upload.metadata ?? {};
      const dossier = meta.dossierId ? journal.dossiers.get(meta.dossierId) : undefined;
      const declared = dossier?.metadata.files.find((file) => file.name === meta.name);
      if (!dossier || !declared) throw { status_code: 400, body: JSON.stringify({ error: 'file not declared with a dossier' }) };
      if (declared.sha256 !== meta.sha256 || declared.size !== upload.size) throw { status_code: 400, body: JSON.stringify({ error: 'file differs from its declaration' }) };
      return {};
    },
    async onUploadFinish(_req, upload) {
      const meta = upload.metadata ?? {};
      const stored = path.join(filesDir, upload.id);
      const actual = await sha256File(stored);
      if (actual !== meta.sha256) {
        await rm(stored, { force: true });
        await rm(`${stored}.json`, { force: true });
        throw { status_code: 460, body: JSON.stringify({ error: 'SHA-256 mismatch', expected: meta.sha256, actual }) };
      }
      journal.append({ type: 'file', id: meta.dossierId!, name: meta.name!, uploadId: upload.id });
      return {};
    },
  });
  tus.on(EVENTS.POST_RECEIVE, () => undefined);

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
    res.end(JSON.stringify(body));
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const declare = /^\/api\/v1\/dossiers\/([0-9a-f-]{36})$/.exec(url.pathname);
    const commit = /^\/api\/v1\/dossiers\/([0-9a-f-]{36})\/commit$/.exec(url.pathname);
    let answer: { status: number; body: unknown };
    if (url.pathname === '/api/v1/health' && req.method === 'GET') {
      answer = { status: 200, body: { ok: true, protocol: 1 } };
    } else if (declare && req.method === 'PUT') {
      let body: unknown;
      try {
        body = await readJson(req);
      } catch {
        return json(res, 400, { error: 'body is not JSON' });
      }
      const parsed = metadataSchema.safeParse(body);
      if (!parsed.success) return json(res, 400, { error: 'invalid dossier metadata', detail: parsed.error.issues });
      const id = declare[1]!;
      const digest = createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex');
      const known = journal.dossiers.get(id);
      if (known && known.digest !== digest) answer = { status: 409, body: { error: 'dossier id already used for different content' } };
      else if (known) answer = { status: 200, body: { id, state: known.deliveredAt ? 'delivered' : 'declared' } };
      else {
        journal.append({ type: 'declare', id, digest, metadata: parsed.data });
        answer = { status: 201, body: { id, state: 'declared' } };
      }
    } else if (commit && req.method === 'POST') {
      const dossier = journal.dossiers.get(commit[1]!);
      if (!dossier) answer = { status: 404, body: { error: 'dossier not declared' } };
      else {
        const missing = dossier.metadata.files.filter((file) => !dossier.uploads[file.name]).map((file) => file.name);
        if (missing.length > 0) answer = { status: 409, body: { error: 'files missing', missing } };
        else {
          if (!dossier.deliveredAt) journal.append({ type: 'deliver', id: dossier.id, at: formatPortalTimestamp(new Date()) });
          answer = { status: 200, body: { id: dossier.id, state: 'delivered' } };
        }
      }
    } else if (url.pathname === '/api/v1/status' && req.method === 'GET') {
      const cursor = Math.max(0, Number(url.searchParams.get('cursor') ?? 0) || 0);
      const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit') ?? 200) || 200));
      const changes = journal.statuses.filter((change) => change.seq > cursor).slice(0, limit);
      answer = { status: 200, body: { changes, cursor: changes.at(-1)?.seq ?? cursor } };
    } else {
      answer = { status: 404, body: { error: 'no such route' } };
    }
    if (answer.status < 300 && req.method !== 'GET' && random() < (faults.lostResponseRate ?? 0)) {
      // The work is done and journaled; only the answer is lost.
      stats.injected.lost += 1;
      req.socket.destroy();
      return;
    }
    json(res, answer.status, answer.body);
  };

  /**
   * PATCH bodies reach tus (through its web handler) as a pull stream over the request, so bytes
   * are read, counted, slowed or cut only as tus consumes them: a PATCH tus refuses (409 offset
   * conflict) costs nothing, and no byte is taken behind its back. A cut ends the body where the
   * link broke, lets tus store what arrived (as a tus server must) and drops the connection.
   */
  const handlePatch = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    let cut = false;
    const chunks = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          let next: IteratorResult<Buffer>;
          try {
            next = await chunks.next();
          } catch (error) {
            controller.error(error);
            return;
          }
          if (next.done) {
            controller.close();
            return;
          }
          const chunk = next.value;
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
              controller.enqueue(new Uint8Array(keep));
              controller.close();
              req.socket.destroy();
              return;
            }
          }
          stats.patchBytes += chunk.length;
          const rate = faults.patchBytesPerSecond;
          if (rate) await new Promise((resolve) => setTimeout(resolve, (chunk.length / rate) * 1000));
          controller.enqueue(new Uint8Array(chunk));
        },
      },
      { highWaterMark: 0 },
    );
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    }
    const request = new Request(new URL(url.pathname + url.search, `http://${req.headers.host ?? '127.0.0.1'}`), {
      method: 'PATCH',
      headers,
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await tus.handleWeb(request);
    stats.patchStatuses[response.status] = (stats.patchStatuses[response.status] ?? 0) + 1;
    if (cut || req.socket.destroyed) return;
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  };

  const server = createServer((req, res) => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://gateway');
    const run = async () => {
      if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
      if (req.method === 'OPTIONS' && url.pathname.startsWith('/api/')) {
        res.writeHead(204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, PUT, POST, OPTIONS',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type',
          'Access-Control-Max-Age': '600',
        });
        res.end();
        return;
      }
      if (req.method !== 'OPTIONS' && options.token && req.headers.authorization !== `Bearer ${options.token}` && url.pathname !== '/api/v1/health') {
        req.resume();
        json(res, 401, { error: 'bad or missing token' });
        return;
      }
      if (req.method !== 'OPTIONS' && random() < (faults.failRate ?? 0)) {
        stats.injected.fail += 1;
        req.resume();
        res.writeHead(503, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Upload-Offset, Location, Upload-Length, Tus-Version, Tus-Resumable' });
        res.end(JSON.stringify({ error: 'injected failure' }));
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        if (random() < (faults.garbageRate ?? 0)) {
          stats.injected.garbage += 1;
          req.resume();
          res.writeHead(200, { 'Content-Type': 'text/html', 'Access-Control-Allow-Origin': '*' });
          res.end('<html><body>502 Bad Gateway — nginx</body></html>');
          return;
        }
        await api(req, res, url);
        return;
      }
      if (req.method === 'PATCH') {
        await handlePatch(req, res, url);
        return;
      }
      await tus.handle(req, res);
    };
    run().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    dossiers: () => journal.dossiers,
    setFaults(next) {
      faults = next;
    },
    pushStatus(dossierId, status, note) {
      const change: StatusChange = { seq: journal.statuses.length + 1, dossierId, status, at: formatPortalTimestamp(new Date()), ...(note ? { note } : {}) };
      journal.append({ type: 'status', change });
      return change;
    },
    async fileSha256(dossierId, name) {
      const uploadId = journal.dossiers.get(dossierId)?.uploads[name];
      return uploadId ? sha256File(path.join(filesDir, uploadId)) : undefined;
    },
    cleanUpExpiredUploads: () => tus.cleanUpExpiredUploads(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      journal.close();
    },
  };
}
