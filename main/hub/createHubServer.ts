import { mkdir } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { MemoryLocker, Server as TusServer } from '@tus/server';
import { createDrainingLocker } from './createDrainingLocker';
import { FileStore } from '@tus/file-store';
import { z } from 'zod';
import { DossierDeclaration } from './dossierDeclaration';
import { createRateLimiter } from './createRateLimiter';
import type { HubDesk, HubStore } from './createHubStore';
import { HubFailure } from './HubFailure';
import { bodyKeptOnDisconnect } from './bodyKeptOnDisconnect';
import { createDiskGuard, DISK_FULL_RETRY_AFTER_SECONDS } from './createDiskGuard';
import { recordFinishedUpload } from './recordFinishedUpload';
import { retryableRefusalOf } from './retryableRefusalOf';
import { createUploadHashes, type UploadHashTap } from './createUploadHashes';
import type { OfficeStore } from './createOfficeStore';
import { handleOfficeRoute } from './routes/officeRoutes';
import { leaseCodeBlocksRoute } from './routes/leaseCodeBlocksRoute';
import type { HubPortal } from './portal/createHubPortal';
import { handlePortalFileRoute, PORTAL_FILE_PREFIX } from './portal/portalFileRoute';
import { handlePortalAdminRoute, PORTAL_ADMIN_PREFIX } from './portal/portalAdminRoutes';

export interface HubServerOptions {
  store: HubStore;
  /** Folder of the tus file store. */
  filesDir: string;
  /** `host:port`; plain HTTP is allowed only on a loopback address. */
  listen: string;
  tls?: { cert: Buffer | string; key: Buffer | string };
  /** Unfinished uploads older than this are discarded (tus expiration). */
  uploadExpiryMs?: number;
  /** Requests per second a desk may make (sustained), and its burst. */
  rateLimit?: { ratePerSecond: number; burst: number };
  /** Largest file a desk may upload, in bytes. */
  maxFileBytes?: number;
  /**
   * Token of the administrator's commands (`hub enrol`, `hub revoke`) while the hub runs: the
   * embedded database is open in one process only, so they go through the hub, from loopback only.
   */
  adminToken?: string;
  /** A connection that carries no byte for this long is closed (default 60 s). */
  idleTimeoutMs?: number;
  /** The wait a desk is asked for when the disk is full (default 30 s, the time an administrator needs at least). */
  diskFullRetryAfterSeconds?: number;
  /** The supervisor's office-wide queries (routes `/api/v1/office/…`, supervisor desks only). */
  office?: OfficeStore;
  /**
   * The national portal's side of the hub: the file links the portal fetches
   * (`/api/v1/portal/files/…`, outside desk auth), the administrator's portal routes and the
   * relay's summary for supervisors.
   */
  portal?: HubPortal;
}

/** What the hub has taken in since it started (for operators and benchmarks). */
export interface HubServerStats {
  /** Bytes of upload bodies read and handed to the file store, resumed parts included. */
  uploadBytesReceived: number;
}

export interface HubServer {
  url: string;
  stats: HubServerStats;
  cleanUpExpiredUploads(): Promise<number>;
  close(): Promise<void>;
}

/** Largest JSON body the API reads (a declaration of 200 files is far below it). */
const MAX_JSON_BYTES = 1024 * 1024;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const EnrolRequest = z.object({ code: z.string().min(4).max(64) }).strict();
const DeskName = z.string().trim().min(1).max(100);
const AdminEnrolmentRequest = z.object({ deskName: DeskName, role: z.enum(['desk', 'supervisor']), validHours: z.number().int().min(1).max(24 * 30).optional() }).strict();
const AdminRevokeRequest = z.object({ deskName: DeskName }).strict();

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function parseListenAddress(listen: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(listen.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65_535) throw new HubFailure('hub-config', `Địa chỉ lắng nghe "${listen}" không hợp lệ; dạng đúng: 127.0.0.1:8443.`, listen);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_JSON_BYTES) throw new HubFailure('hub-too-large', 'Dữ liệu gửi lên quá lớn.', `${declared} bytes`, 413);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BYTES) throw new HubFailure('hub-too-large', 'Dữ liệu gửi lên quá lớn.', `over ${MAX_JSON_BYTES} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HubFailure('hub-bad-json', 'Dữ liệu gửi lên không phải JSON hợp lệ.', undefined, 400);
  }
}

function bearerOf(value: string | null | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(value ?? '');
  return match?.[1];
}

/** A desk's pages read `Retry-After` of a refusal (a cross-origin answer shows only what is exposed). */
const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After' };
const DESK_REVOKED_MESSAGE = 'Bàn này đã bị thu hồi khỏi máy chủ đơn vị.';

/**
 * A PATCH being handled. A desk whose link broke asks HEAD at once; the broken PATCH may not even
 * have taken the upload's lock yet (its checks run first) while its bytes wait in the socket, so
 * HEAD waits for it and reports the offset with those bytes in. It waits as long as bytes keep
 * arriving (a busy hub may take a while to drain a socket), and gives up after a few seconds
 * without any, or after a minute in all, so a PATCH that is really still sending cannot hold it.
 */
interface PatchInFlight {
  settled: Promise<void>;
  /** When the PATCH (or one before it on the same upload) last took in bytes or started. */
  movedAt(): number;
}

const PATCH_IDLE_MS = 5_000;
const PATCH_WAIT_MAX_MS = 60_000;

/**
 * Runs `work` as the PATCH of `uploadId` that later requests for that upload wait for; `work`
 * gets the PATCH that was in flight before it, if any, and a function to call when bytes arrive.
 */
async function trackPatch(inFlight: Map<string, PatchInFlight>, uploadId: string, work: (previous: PatchInFlight | undefined, moved: () => void) => Promise<void>): Promise<void> {
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const previous = inFlight.get(uploadId);
  let movedAt = Date.now();
  const entry: PatchInFlight = {
    settled: previous ? Promise.all([previous.settled, settled]).then(() => undefined) : settled,
    movedAt: () => Math.max(movedAt, previous?.movedAt() ?? 0),
  };
  inFlight.set(uploadId, entry);
  try {
    await work(previous, () => (movedAt = Date.now()));
  } finally {
    settle();
    if (inFlight.get(uploadId) === entry) inFlight.delete(uploadId);
  }
}

async function settleOf(pending: PatchInFlight | undefined): Promise<void> {
  if (!pending) return;
  const started = Date.now();
  let done = false;
  void pending.settled.then(() => (done = true));
  for (;;) {
    const now = Date.now();
    const wait = Math.min(PATCH_IDLE_MS - (now - pending.movedAt()), PATCH_WAIT_MAX_MS - (now - started));
    if (done || wait <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pending.settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)))]);
    clearTimeout(timer);
  }
}

/** What the hub already knows of a request it hands to tus, so tus's hooks do not look it up again. */
interface TusRequestContext {
  desk: HubDesk;
  /** The declared file a PATCH writes to (checked to be the desk's own). */
  file?: DeclaredFile;
  /** Hashes the body as it passes, when the upload's hash so far covers the PATCH's offset. */
  tap?: UploadHashTap;
}

type DeclaredFile = NonNullable<Awaited<ReturnType<HubStore['declaredFile']>>>;

/** A tus PATCH, creation POST or HEAD, answered by tus; its body (if any) is kept as far as it arrived. */
async function throughTus(tus: TusServer, req: IncomingMessage, res: ServerResponse, stats: HubServerStats, moved: () => void, contexts: WeakMap<Request, TusRequestContext>, context: TusRequestContext, diskFullRetryAfterSeconds: number): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  const withBody = req.method === 'PATCH' || Number(req.headers['content-length']) > 0 || req.headers['transfer-encoding'] !== undefined;
  const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? 'hub'}`), { method: req.method, headers, ...(withBody ? { body: bodyKeptOnDisconnect(req, stats, moved, context.tap), duplex: 'half' } : {}) } as RequestInit);
  contexts.set(request, context);
  const response = await tus.handleWeb(request);
  if (req.socket.destroyed) return;
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    out[name] = value;
  });
  // A full disk or an absent database (mapped in onResponseError) is a wait, not a refusal.
  if (response.status === 503 || response.status === 507) out['retry-after'] ??= response.status === 507 ? String(diskFullRetryAfterSeconds) : '5';
  res.writeHead(response.status, out);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * The office hub's HTTP face: the contract of assets/api/ministry-gateway.openapi.yaml for desks
 * (declare, tus upload, commit, status feed) plus enrolment. Every request but health and
 * enrolment carries a desk token; a desk reads and writes only its own dossiers.
 */
export async function createHubServer(options: HubServerOptions): Promise<HubServer> {
  const { store } = options;
  const { host, port } = parseListenAddress(options.listen);
  if (!options.tls && !isLoopbackHost(host)) {
    throw new HubFailure('hub-tls-required', 'Máy chủ văn phòng chỉ chạy HTTP thường trên địa chỉ nội bộ (127.0.0.1); với địa chỉ mạng hãy cấu hình chứng thư TLS (--tls-cert, --tls-key).', options.listen);
  }
  await mkdir(options.filesDir, { recursive: true });
  const patchesInFlight = new Map<string, PatchInFlight>();
  const hashes = createUploadHashes();
  const diskFullWait = options.diskFullRetryAfterSeconds ?? DISK_FULL_RETRY_AFTER_SECONDS;
  const contexts = new WeakMap<Request, TusRequestContext>();
  const stats: HubServerStats = { uploadBytesReceived: 0 };
  const limiter = createRateLimiter(options.rateLimit ?? { ratePerSecond: 100, burst: 400 });
  const enrolLimiter = createRateLimiter({ ratePerSecond: 0.2, burst: 10 });
  const disk = createDiskGuard(options.filesDir);
  const maxFileBytes = options.maxFileBytes ?? 2 * 1024 ** 3;
  const datastore = new FileStore({ directory: options.filesDir, ...(options.uploadExpiryMs ? { expirationPeriodInMilliseconds: options.uploadExpiryMs } : {}) });

  const deskOfRequest = async (authorization: string | null | undefined): Promise<HubDesk | undefined> => {
    const token = bearerOf(authorization);
    return token ? store.deskByToken(token) : undefined;
  };
  const tusRefusal = (status: number, error: string) => ({ status_code: status, body: JSON.stringify({ error }) });

  const tus = new TusServer({
    path: '/files',
    datastore,
    locker: createDrainingLocker(new MemoryLocker(), 3_000),
    relativeLocation: true,
    allowedHeaders: ['Authorization'],
    exposedHeaders: ['Retry-After'],
    maxSize: maxFileBytes,
    async onIncomingRequest(req, uploadId) {
      if (req.method === 'POST' || req.method === 'OPTIONS') return;
      // A PATCH was checked before it was handed over (the hub's own PATCH route below).
      const known = contexts.get(req);
      if (known?.file && known.file.deskId === known.desk.id) return;
      const desk = known?.desk ?? (await deskOfRequest(req.headers.get('authorization')));
      const upload = await datastore.getUpload(uploadId).catch(() => undefined);
      const dossierId = upload?.metadata?.dossierId;
      const file = dossierId && upload?.metadata?.name ? await store.declaredFile(dossierId, upload.metadata.name) : undefined;
      // Someone else's upload looks the same as no upload at all.
      if (!desk || !file || file.deskId !== desk.id) throw tusRefusal(404, 'no such upload');
      // Complete on disk but never recorded (the hub was killed or its database away after the last
      // byte): record it now, so the offset this HEAD reports is one the database stands behind.
      if (req.method === 'HEAD' && upload && !file.stored && upload.size !== undefined && upload.offset === upload.size) {
        if ((await recordFinishedUpload(store, options.filesDir, upload)) === 'mismatch') throw tusRefusal(460, 'SHA-256 mismatch');
      }
    },
    async onUploadCreate(req, upload) {
      const desk = contexts.get(req)?.desk ?? (await deskOfRequest(req.headers.get('authorization')));
      const meta = upload.metadata ?? {};
      const declared = meta.dossierId && meta.name ? await store.declaredFile(meta.dossierId, meta.name) : undefined;
      if (!desk || !declared || declared.deskId !== desk.id) throw tusRefusal(400, 'file not declared with a dossier');
      if (declared.sha256 !== meta.sha256 || declared.size !== upload.size) throw tusRefusal(400, 'file differs from its declaration');
      // Room for the declared file, checked only for a file the hub will take (others get their 400).
      await disk.require(declared.size);
      return {};
    },
    async onUploadFinish(_req, upload) {
      // The 204 that tells the desk the file is done goes out only after its row has committed.
      const hashed = upload.size === undefined ? undefined : hashes.take(upload.id, upload.size);
      if ((await recordFinishedUpload(store, options.filesDir, upload, hashed)) === 'mismatch') throw tusRefusal(460, 'SHA-256 mismatch');
      return {};
    },
    async onResponseError(_req, error) {
      // The file store reports every failed write alike; one on a full disk is a wait (507).
      const failedWrite = (error as { body?: unknown }).body === 'Something went wrong receiving the file\n';
      const refusal = retryableRefusalOf(error, diskFullWait) ?? (failedWrite && (await disk.isFull()) ? retryableRefusalOf({ code: 'ENOSPC' }, diskFullWait) : undefined);
      if (!refusal) return undefined;
      return { status_code: refusal.failure.status, body: JSON.stringify({ error: refusal.failure.detail ?? refusal.failure.code, code: refusal.failure.code, message: refusal.failure.userMessage }) };
    },
  });

  const viaTus = (req: IncomingMessage, res: ServerResponse, moved: () => void, context: TusRequestContext) => throughTus(tus, req, res, stats, moved, contexts, context, diskFullWait);

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...CORS, ...headers });
    res.end(JSON.stringify(body));
  };
  const problem = (res: ServerResponse, failure: HubFailure) => json(res, failure.status, { error: failure.detail ?? failure.code, code: failure.code, message: failure.userMessage });

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL, desk: HubDesk): Promise<void> => {
    if (options.office && url.pathname.startsWith('/api/v1/office/')) {
      return handleOfficeRoute({ office: options.office, filesDir: options.filesDir, readJson, json, ...(options.portal ? { portal: options.portal } : {}) }, req, res, url, desk);
    }
    const declare = new RegExp(`^/api/v1/dossiers/(${UUID})$`).exec(url.pathname);
    const commit = new RegExp(`^/api/v1/dossiers/(${UUID})/commit$`).exec(url.pathname);
    if (declare && req.method === 'PUT') {
      const parsed = DossierDeclaration.safeParse(await readJson(req));
      if (!parsed.success) return json(res, 400, { error: 'invalid dossier metadata', detail: parsed.error.issues.slice(0, 20) });
      const id = declare[1]!;
      const outcome = await store.declareDossier(desk, id, parsed.data);
      if (outcome === 'foreign' || outcome === 'conflict') return json(res, 409, { error: 'dossier id already used for different content' });
      const again = outcome === 'already-declared' || outcome === 'already-delivered';
      return json(res, again ? 200 : 201, { id, state: outcome === 'already-delivered' ? 'delivered' : 'declared' });
    }
    if (commit && req.method === 'POST') {
      const id = commit[1]!;
      const outcome = await store.commitDossier(desk, id);
      if (outcome.state === 'unknown') return json(res, 404, { error: 'dossier not declared' });
      if (outcome.state === 'missing') return json(res, 409, { error: 'files missing', missing: outcome.missing });
      return json(res, 200, { id, state: 'delivered' });
    }
    if (url.pathname === '/api/v1/status' && req.method === 'GET') {
      const cursor = Math.max(0, Math.floor(Number(url.searchParams.get('cursor') ?? 0)) || 0);
      const limit = Math.min(500, Math.max(1, Math.floor(Number(url.searchParams.get('limit') ?? 200)) || 200));
      return json(res, 200, await store.statusFeed(desk, cursor, limit));
    }
    if (url.pathname === '/api/v1/desk/code-blocks' && req.method === 'POST') {
      const answer = await leaseCodeBlocksRoute(store, desk, await readJson(req));
      return json(res, answer.status, answer.body);
    }
    if (url.pathname === '/api/v1/desk' && req.method === 'GET') {
      return json(res, 200, { id: desk.id, name: desk.name, role: desk.role, slot: desk.slot });
    }
    if (url.pathname === '/api/v1/catalog' && req.method === 'GET') {
      // The procedure catalog pulled from the national portal, for every enrolled desk.
      if (!options.portal) return json(res, 200, { pulledAt: null, procedures: [] });
      return json(res, 200, await options.portal.catalog.read());
    }
    return json(res, 404, { error: 'no such route' });
  };

  const admin = async (req: IncomingMessage, res: ServerResponse, url: URL, address: string): Promise<void> => {
    const token = bearerOf(req.headers.authorization);
    const loopback = isLoopbackHost(address.replace(/^::ffff:/, ''));
    if (!options.adminToken || !loopback || token !== options.adminToken) {
      req.resume();
      return json(res, 403, { error: 'administration only from this machine, with the hub\'s admin token' });
    }
    if (url.pathname === '/api/v1/admin/enrolment-codes' && req.method === 'POST') {
      const parsed = AdminEnrolmentRequest.safeParse(await readJson(req));
      if (!parsed.success) return json(res, 400, { error: 'invalid enrolment request' });
      const made = await store.createEnrolmentCode({ deskName: parsed.data.deskName, role: parsed.data.role, ...(parsed.data.validHours ? { validHours: parsed.data.validHours } : {}) });
      return json(res, 201, { code: made.code, expiresAt: made.expiresAt.toISOString() });
    }
    if (url.pathname === '/api/v1/admin/revocations' && req.method === 'POST') {
      const parsed = AdminRevokeRequest.safeParse(await readJson(req));
      if (!parsed.success) return json(res, 400, { error: 'invalid revocation request' });
      const desk = await store.revokeDesk(parsed.data.deskName);
      return json(res, 200, { deskId: desk.id, deskName: desk.name, revokedAt: desk.revokedAt?.toISOString() });
    }
    if (options.portal && url.pathname.startsWith(PORTAL_ADMIN_PREFIX)) return handlePortalAdminRoute({ portal: options.portal, readJson, json }, req, res, url);
    if (url.pathname === '/api/v1/admin/desks' && req.method === 'GET') {
      const desks = await store.listDesks();
      return json(res, 200, { desks: desks.map((desk) => ({ ...desk, enrolledAt: desk.enrolledAt.toISOString(), revokedAt: desk.revokedAt?.toISOString() ?? null })) });
    }
    req.resume();
    return json(res, 404, { error: 'no such route' });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, previousPatch?: PatchInFlight, moved: () => void = () => undefined): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://hub');
    const address = req.socket.remoteAddress ?? '?';
    if (req.method === 'OPTIONS' && url.pathname.startsWith('/api/')) {
      res.writeHead(204, {
        ...CORS,
        'Access-Control-Allow-Methods': 'GET, PUT, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (url.pathname === '/api/v1/health' && req.method === 'GET') return json(res, 200, { ok: true, protocol: 1 });
    if (url.pathname === '/api/v1/enrol' && req.method === 'POST') {
      const allowed = enrolLimiter.take(address);
      if (!allowed.allowed) return json(res, 429, { error: 'too many enrolment attempts' }, { 'Retry-After': String(allowed.retryAfterSeconds) });
      const parsed = EnrolRequest.safeParse(await readJson(req));
      if (!parsed.success) return json(res, 400, { error: 'invalid enrolment request' });
      const { desk, token } = await store.redeemEnrolmentCode(parsed.data.code);
      return json(res, 201, { deskId: desk.id, deskName: desk.name, role: desk.role, slot: desk.slot, token });
    }
    if (url.pathname.startsWith('/api/v1/admin/')) return admin(req, res, url, address);
    if (options.portal && url.pathname.startsWith(PORTAL_FILE_PREFIX)) {
      const portal = options.portal;
      return handlePortalFileRoute({ filesDir: options.filesDir, signer: () => portal.fileSigner(), storedFile: (grant) => portal.storedFile(grant), json }, req, res, url);
    }
    if (req.method === 'OPTIONS' && url.pathname.startsWith('/files')) return void (await tus.handle(req, res));
    const desk = await deskOfRequest(req.headers.authorization);
    if (!desk) {
      req.resume();
      const token = bearerOf(req.headers.authorization);
      // A revoked desk is told so (in Vietnamese, for its sync status), not just "bad token".
      if (token && (await store.isRevokedToken(token))) return json(res, 401, { error: 'desk revoked', code: 'hub-desk-revoked', message: DESK_REVOKED_MESSAGE });
      return json(res, 401, { error: 'bad or missing token' });
    }
    const allowed = limiter.take(desk.id);
    if (!allowed.allowed) {
      req.resume();
      return json(res, 429, { error: 'rate limited' }, { 'Retry-After': String(allowed.retryAfterSeconds) });
    }
    if (url.pathname.startsWith('/api/')) return api(req, res, url, desk);
    // Through handleWeb, so a refusal for want of room can carry its Retry-After.
    if (req.method === 'POST' && (url.pathname === '/files' || url.pathname === '/files/')) return viaTus(req, res, moved, { desk });
    if (req.method === 'PATCH' && url.pathname.startsWith('/files/')) {
      await settleOf(previousPatch);
      // A repeat of a PATCH whose link broke (browsers resend it by themselves) carries an offset the
      // upload has moved past: refuse it before reading its body, and close so the desk stops sending.
      const upload = await datastore.getUpload(url.pathname.split('/').pop() ?? '').catch(() => undefined);
      const claimed = Number(req.headers['upload-offset']);
      const file = upload?.metadata?.dossierId && upload.metadata.name ? await store.declaredFile(upload.metadata.dossierId, upload.metadata.name) : undefined;
      const owned = file?.deskId === desk.id;
      if (upload && owned && Number.isInteger(claimed) && claimed !== upload.offset) {
        res.writeHead(409, { 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(upload.offset), Connection: 'close', ...CORS, 'Access-Control-Expose-Headers': 'Upload-Offset, Tus-Resumable' });
        res.end(JSON.stringify({ error: 'offset mismatch' }));
        req.socket.destroySoon();
        return;
      }
      // Room for what the body brings is checked before a byte of it is read (an oversized body is tus's 413).
      const bodyLength = Number(req.headers['content-length']) || 0;
      if (upload && owned && bodyLength <= maxFileBytes) await disk.require(Math.min(bodyLength, (upload.size ?? bodyLength) - upload.offset));
      const tap = upload && owned && Number.isInteger(claimed) ? hashes.tap(upload.id, claimed) : undefined;
      return viaTus(req, res, moved, { desk, ...(owned ? { file } : {}), ...(tap ? { tap } : {}) });
    }
    if (req.method === 'HEAD' && url.pathname.startsWith('/files/')) {
      await settleOf(patchesInFlight.get(url.pathname.split('/').pop() ?? ''));
      // Through handleWeb too: a HEAD refused while the database is away says how long to wait.
      return viaTus(req, res, moved, { desk });
    }
    if (url.pathname === '/files' || url.pathname.startsWith('/files/')) return void (await tus.handle(req, res));
    req.resume();
    return json(res, 404, { error: 'no such route' });
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    // Tracked from arrival, before any check, so a HEAD that comes after it always waits for it.
    const patchOf = req.method === 'PATCH' ? /^\/files\/([^/?]+)/.exec(req.url ?? '')?.[1] : undefined;
    const work = patchOf ? () => trackPatch(patchesInFlight, patchOf, (previous, moved) => handle(req, res, previous, moved)) : () => handle(req, res);
    work().catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const refusal = retryableRefusalOf(error, diskFullWait);
      if (refusal) {
        // The body (an upload's bytes) is not read: the desk sends it again later, on a new connection.
        json(res, refusal.failure.status, { error: refusal.failure.detail ?? refusal.failure.code, code: refusal.failure.code, message: refusal.failure.userMessage }, { 'Retry-After': String(refusal.retryAfterSeconds), ...(req.complete ? {} : { Connection: 'close' }) });
        return;
      }
      if (error instanceof HubFailure) return problem(res, error);
      json(res, 500, { error: 'internal error' });
      process.emitWarning(`hub: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener) : http.createServer(listener);
  server.requestTimeout = 0; // large uploads on slow links; idle sockets still time out below
  server.headersTimeout = 30_000;
  // A socket that carries no byte for this long is closed: a body that stops coming (a slow-loris
  // client, a desk gone mid-upload) does not hold a request open forever. A slow link still moves.
  server.timeout = options.idleTimeoutMs ?? 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${bound.port}`,
    stats,
    cleanUpExpiredUploads: () => tus.cleanUpExpiredUploads(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
