import type { z } from 'zod';
import { CodeBlocksReply, DeskReply, DossierStateReply, HealthReply, HubProblemReply, MissingFilesReply, ProblemReply, StatusPageReply, type StatusChangeReply } from './gatewayReplies';
import type { CodeBlock } from '../domain/leasedDossierCode';
import { SyncFailure } from './SyncFailure';
import { BUSY_STATUSES, serverBusyFailure, serverMessageOf } from './serverBusyFailure';

/** What the desk declares about a dossier before its files travel (OpenAPI `DossierMetadata`). */
export interface DossierMetadata {
  code: string;
  procedureCode: string;
  /** `yyyyMMddHHmmss`, Asia/Ho_Chi_Minh. */
  receivedAt: string;
  dueAt: string;
  applicant: { idNumber: string; fullName: string; address?: string; phone?: string };
  filesFingerprint?: string;
  /** The officer who received the dossier (account id and name on this desk), for the office's figures. */
  officer?: { id: string; name: string };
  /** Absent (1) for a first delivery; one more for each rescan delivered after a send-back. */
  revision?: number;
  files: Array<{ name: string; sha256: string; size: number }>;
}

/**
 * Declarations frozen in the outbox before the files fingerprint got its name carry it as
 * `sealFingerprint`; they are sent under the current name so none loses it on the way.
 */
export function withCurrentFieldNames(metadata: DossierMetadata & { sealFingerprint?: string }): DossierMetadata {
  const { sealFingerprint, ...current } = metadata;
  return sealFingerprint !== undefined && current.filesFingerprint === undefined ? { ...current, filesFingerprint: sealFingerprint } : current;
}

export type CommitOutcome = { delivered: true } | { delivered: false; missing: string[]; notDeclared: boolean };

export interface GatewayClient {
  readonly serverUrl: string;
  health(): Promise<void>;
  /** PUT: idempotent on the dossier id; a repeat with the same content is a success. */
  declare(dossierId: string, metadata: DossierMetadata): Promise<void>;
  /** tus creation: returns the absolute upload URL, stored by the caller before any byte is sent. */
  createUpload(file: { dossierId: string; name: string; sha256: string; size: number }): Promise<string>;
  commit(dossierId: string): Promise<CommitOutcome>;
  pullStatus(cursor: number, limit: number): Promise<{ cursor: number; changes: StatusChangeReply[] }>;
  /** Office hub only: who the hub says this desk is. */
  desk(): Promise<DeskReply>;
  /**
   * Office hub only: leases `count` blocks of the dossier-code sequence of one agency code and day.
   * With a `requestId` the lease is idempotent: the same id again (after a lost answer) gets the
   * blocks of the first answer, and nothing more is leased.
   */
  leaseCodeBlocks(prefix: string, day: string, count: number, requestId?: string): Promise<CodeBlock[]>;
}

export interface GatewayClientOptions {
  serverUrl: string;
  token?: string | null;
  fetch?: typeof fetch;
  /** One API request gives up after this long (a hung link counts as offline). */
  timeoutMs?: number;
}

interface Reply {
  status: number;
  json: unknown;
  text: string;
  headers: Headers;
}

function encodeMetadata(values: Record<string, string>): string {
  const bytes = (text: string) => {
    const data = new TextEncoder().encode(text);
    let binary = '';
    for (const byte of data) binary += String.fromCharCode(byte);
    return btoa(binary);
  };
  return Object.entries(values)
    .map(([key, value]) => `${key} ${bytes(value)}`)
    .join(',');
}

function parseOr<T>(schema: z.ZodType<T>, reply: Reply, what: string): T {
  const parsed = schema.safeParse(reply.json);
  if (!parsed.success) throw new SyncFailure('bad-reply', `${what}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
  return parsed.data;
}

function reasonOf(reply: Reply): string {
  const problem = ProblemReply.safeParse(reply.json);
  return problem.success ? problem.data.error : reply.text.slice(0, 200);
}

/**
 * The desk's client of the ministry gateway API. Every outcome is either a typed value or a
 * SyncFailure: a dropped link is `offline`; 503/507/429 are `server-busy` with the server's own
 * reason and its `Retry-After`; other 5xx are `server-error`; a body that is not the documented
 * JSON is `bad-reply` — all retried; 4xx refusals are `rejected`/`conflict` and wait for an officer.
 */
export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const base = options.serverUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const auth: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};

  async function call(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers: { ...auth, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new SyncFailure('offline', `${method} ${path}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const reply: Reply = { status: response.status, json, text, headers: response.headers };
    // The office hub says when the desk itself was revoked: that is not a token to retype.
    if (response.status === 401 && HubProblemReply.safeParse(json).data?.code === 'hub-desk-revoked') throw new SyncFailure('revoked', `${method} ${path}: HTTP 401 desk revoked`);
    if (response.status === 401 || response.status === 403) throw new SyncFailure('unauthorized', `${method} ${path}: HTTP ${response.status}`);
    const what = `${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`;
    // A passing state of the server (its database away, its disk full, too many requests): its own reason and wait.
    if (BUSY_STATUSES.has(response.status)) throw serverBusyFailure(what, { status: response.status, body: text, retryAfter: response.headers.get('Retry-After') }, Date.now());
    if (response.status >= 500 || response.status === 408) {
      const reason = serverMessageOf(text);
      throw new SyncFailure('server-error', what, reason);
    }
    return reply;
  }

  return {
    serverUrl: base,
    async health() {
      const reply = await call('GET', '/api/v1/health');
      parseOr(HealthReply, reply, 'health');
    },
    async declare(dossierId, metadata) {
      const reply = await call('PUT', `/api/v1/dossiers/${encodeURIComponent(dossierId)}`, { body: JSON.stringify(withCurrentFieldNames(metadata)) });
      if (reply.status === 200 || reply.status === 201) {
        parseOr(DossierStateReply, reply, 'declare');
        return;
      }
      if (reply.status === 409) throw new SyncFailure('conflict', `declare ${dossierId}: ${reasonOf(reply)}`);
      if (reply.status >= 400 && reply.status < 500 && reply.json !== undefined) throw new SyncFailure('rejected', `declare ${dossierId}: HTTP ${reply.status} ${reasonOf(reply)}`, `Lý do: ${reasonOf(reply)}.`);
      throw new SyncFailure('bad-reply', `declare ${dossierId}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
    },
    async createUpload(file) {
      const reply = await call('POST', '/files/', {
        headers: {
          'Tus-Resumable': '1.0.0',
          'Upload-Length': String(file.size),
          'Upload-Metadata': encodeMetadata({ dossierId: file.dossierId, name: file.name, sha256: file.sha256, filetype: 'application/pdf' }),
        },
      });
      const location = reply.headers.get('Location');
      if (reply.status === 201 && location) return new URL(location, `${base}/files/`).href;
      if (reply.status === 400 || reply.status === 413) throw new SyncFailure('rejected', `create upload ${file.name}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`, `Tệp ${file.name}: ${reasonOf(reply)}.`);
      throw new SyncFailure('bad-reply', `create upload ${file.name}: HTTP ${reply.status}, Location ${String(location)}`);
    },
    async commit(dossierId) {
      const reply = await call('POST', `/api/v1/dossiers/${encodeURIComponent(dossierId)}/commit`);
      if (reply.status === 200) {
        const state = parseOr(DossierStateReply, reply, 'commit');
        if (state.state !== 'delivered') throw new SyncFailure('bad-reply', `commit ${dossierId}: state ${state.state}`);
        return { delivered: true };
      }
      if (reply.status === 409) return { delivered: false, missing: parseOr(MissingFilesReply, reply, 'commit').missing, notDeclared: false };
      if (reply.status === 404 && reply.json !== undefined) return { delivered: false, missing: [], notDeclared: true };
      throw new SyncFailure('bad-reply', `commit ${dossierId}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
    },
    async pullStatus(cursor, limit) {
      const reply = await call('GET', `/api/v1/status?cursor=${cursor}&limit=${limit}`);
      if (reply.status !== 200) throw new SyncFailure('bad-reply', `status: HTTP ${reply.status}`);
      const page = parseOr(StatusPageReply, reply, 'status');
      if (page.cursor < cursor) throw new SyncFailure('bad-reply', `status cursor went back from ${cursor} to ${page.cursor}`);
      return page;
    },
    async desk() {
      const reply = await call('GET', '/api/v1/desk');
      if (reply.status !== 200) throw new SyncFailure('bad-reply', `desk: HTTP ${reply.status}`);
      return parseOr(DeskReply, reply, 'desk');
    },
    async leaseCodeBlocks(prefix, day, count, requestId) {
      const reply = await call('POST', '/api/v1/desk/code-blocks', { body: JSON.stringify({ prefix, day, count, ...(requestId ? { requestId } : {}) }) });
      // 201 leased now, 200 the answer to the same request id leased before.
      if (reply.status === 201 || reply.status === 200) {
        const blocks = parseOr(CodeBlocksReply, reply, 'code blocks').blocks;
        if (blocks.some((block) => block.prefix !== prefix || block.day !== day)) throw new SyncFailure('bad-reply', `code blocks: for another prefix or day than ${prefix} ${day}`);
        return blocks;
      }
      const problem = HubProblemReply.safeParse(reply.json);
      if (reply.status >= 400 && reply.status < 500 && reply.json !== undefined) throw new SyncFailure('blocks-refused', `code blocks ${prefix} ${day}: HTTP ${reply.status} ${reasonOf(reply)}`, problem.success ? problem.data.message : `Lý do: ${reasonOf(reply)}.`);
      throw new SyncFailure('bad-reply', `code blocks: HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
    },
  };
}
