import type { DeskHandle } from '../../db/deskHandle';
import { deliveriesInStates, markDelivered, updateDelivery, wakeRetryingDeliveries } from '../../db/queries/outbox';
import { getFile } from '../../db/queries/files';
import { readSyncState } from '../../db/queries/syncState';
import { inTransaction } from '../../db/queries/transaction';
import type { OutboxFile, OutboxItem, StoredFile } from '../../db/types';
import { appendAudit } from '../audit/appendAudit';
import { applyStatusChanges, STATUS_CURSOR_KEY, SYSTEM_ACTOR } from './applyStatusChanges';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoffDelay';
import type { GatewayClient } from '../../../preload/shared/sync/createGatewayClient';
import { SyncFailure, toSyncFailure } from '../../../preload/shared/sync/SyncFailure';
import { UploadGone, type TusFileUpload } from './uploadFileWithTus';
import type { CodeBlockKeeper } from './createCodeBlockKeeper';

/** Key of the stored pause switch in `syncState`: a paused desk stays paused across restarts. */
export const SYNC_PAUSED_KEY = 'paused';

/** The link as the engine sees it, for the desk's status line. */
export type LinkState = 'unconfigured' | 'paused' | 'offline' | 'online' | 'revoked';

export interface SyncEngineStatus {
  link: LinkState;
  /** Vietnamese reason of the last failed contact with the server, if the link is down. */
  lastError?: string;
  /** When the last status pull went through. */
  lastPullAt?: number;
}

export interface SyncEngineOptions {
  db: DeskHandle;
  /** Undefined while no server is configured: the outbox only fills. */
  client: GatewayClient | undefined;
  upload(file: TusFileUpload): Promise<void>;
  token?: string | null;
  /** Dossiers delivered at the same time. */
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** How often status changes are pulled while online. */
  pullIntervalMs?: number;
  /** Health probes while the link is down back off up to this. */
  probeCapMs?: number;
  isOnline?: () => boolean;
  now?: () => number;
  random?: () => number;
  onStatus?: (status: SyncEngineStatus) => void;
  /** An enrolled desk's dossier-code blocks, topped up on every round while online. */
  codeBlocks?: CodeBlockKeeper;
}

export interface SyncEngine {
  /** Runs until stopped; deliveries interrupted by a stop resume at the next start. */
  start(): void;
  stop(): Promise<void>;
  /** Look at the outbox and the link now (the link came back, an officer pressed "retry"). */
  wake(): void;
  /** One status pull, outside the schedule. */
  pullNow(): Promise<number>;
  status(): SyncEngineStatus;
}

const ACTIVE_STATES: ReadonlySet<OutboxItem['state']> = new Set(['queued', 'sending', 'retrying']);
const PROGRESS_WRITE_MS = 250;

/** The wait before a step is tried again: the desk's own, but never sooner than the server asked (`Retry-After`). */
function retryDelay(failure: SyncFailure, ownMs: number): number {
  return Math.max(ownMs, failure.retryAfterMs ?? 0);
}

/**
 * The outbox worker: delivers each queued dossier exactly once (declare → tus files → commit, every
 * step idempotent on the dossier id) and pulls status changes with a saved cursor. All progress is
 * stored state in the outbox record, written before each request goes out, so a crash or a closed
 * window resumes where it stopped and never loses or duplicates a dossier. A step the server
 * refused for a while (`Retry-After`: its disk full, its database away) is not tried again sooner.
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, client } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const pullIntervalMs = options.pullIntervalMs ?? 60_000;
  const probeCapMs = options.probeCapMs ?? 15_000;
  const isOnline = options.isOnline ?? (() => true);

  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let abort = new AbortController();
  const inFlight = new Map<string, Promise<void>>();
  let linkDown = false;
  let probeAttempt = 0;
  let nextProbeAt = 0;
  let nextPullAt = 0;
  let nextTopUpAt = 0;
  /** The hub revoked this desk: nothing is sent (the outbox keeps everything) until it answers again. */
  let revoked = false;
  let nextRevokedProbeAt = 0;
  let current: SyncEngineStatus = { link: client ? 'online' : 'unconfigured' };

  const report = (next: Partial<SyncEngineStatus>) => {
    const merged: SyncEngineStatus = { ...current, ...next };
    if (merged.lastError === undefined) delete merged.lastError;
    if (merged.link === current.link && merged.lastError === current.lastError && merged.lastPullAt === current.lastPullAt) return;
    current = merged;
    options.onStatus?.(current);
  };

  const markLinkDown = (failure: SyncFailure) => {
    if (!linkDown) probeAttempt = 0;
    linkDown = true;
    probeAttempt += 1;
    nextProbeAt = now() + Math.max(100, backoffDelay(probeAttempt, { baseMs: policy.baseMs, capMs: probeCapMs }, random));
    report({ link: 'offline', lastError: failure.userMessage });
  };

  const markRevoked = (failure: SyncFailure) => {
    revoked = true;
    nextRevokedProbeAt = now() + 60_000;
    report({ link: 'revoked', lastError: failure.userMessage });
  };

  /** Offline stops every delivery, a revoked desk likewise; anything else is only shown. */
  const reportFailure = (failure: SyncFailure) => {
    if (failure.kind === 'offline') markLinkDown(failure);
    else if (failure.kind === 'revoked') markRevoked(failure);
    else report({ lastError: failure.userMessage });
  };

  const markLinkUp = () => {
    if (linkDown) {
      linkDown = false;
      probeAttempt = 0;
      // Everything that waited for the link may go now.
      void wakeRetryingDeliveries(db, now());
    }
    report({ link: 'online', lastError: undefined });
  };

  // Reading a sealed file (IndexedDB, then AES-GCM) takes about as long as sending it over a fast
  // link, so the next file is read while the current one is sent. One file at most is held ahead.
  let ahead: { fileId: string; read: Promise<StoredFile | undefined> } | undefined;
  let upcoming: OutboxItem[] = [];

  function readFile(fileId: string): Promise<StoredFile | undefined> {
    if (ahead?.fileId === fileId) {
      const { read } = ahead;
      ahead = undefined;
      // A failed read ahead is read again now, and reported if it fails again.
      return read.catch(() => getFile(db, fileId));
    }
    return getFile(db, fileId);
  }

  /** Starts reading the file sent after `files[index]`: the dossier's next one, else the next dossier's first. */
  function readAhead(files: OutboxFile[], index: number): void {
    const next =
      files.slice(index + 1).find((file) => !file.done) ??
      upcoming.filter((item) => !inFlight.has(item.id)).flatMap((item) => (item.files ?? []).filter((file) => !file.done))[0];
    if (!next) {
      ahead = undefined;
      return;
    }
    if (ahead?.fileId === next.fileId) return;
    const read = getFile(db, next.fileId);
    read.catch(() => undefined);
    ahead = { fileId: next.fileId, read };
  }

  async function updateItem(id: string, changes: Partial<OutboxItem>): Promise<void> {
    await updateDelivery(db, id, { ...changes, updatedAt: now() });
  }

  async function deliver(item: OutboxItem): Promise<void> {
    if (!client) return;
    const started = { files: (item.files ?? []).filter((file) => file.done).length, declared: item.declared ?? false, bytes: item.bytesSent ?? 0 };
    // Stored before any request goes out: a crash from here on leaves a retryable 'sending' record.
    await updateItem(item.id, { state: 'sending', attempts: item.attempts + 1 });
    let files: OutboxFile[] = (item.files ?? []).map((file) => ({ ...file }));
    let declared = item.declared ?? false;
    let bytesSent = item.bytesSent ?? 0;
    try {
      if (!item.metadata) throw new SyncFailure('rejected', `outbox ${item.id} has no metadata`, 'Hồ sơ trong hàng đợi thiếu thông tin khai báo; hãy số hóa lại.');
      // Two rounds at most: a commit that lists missing files (lost on the server) sends them again.
      for (let round = 0; round < 2; round += 1) {
        if (!declared) {
          // A first delivery's declaration is what it always was; a later revision says which it is.
          await client.declare(item.dossierId, item.revision !== undefined && item.revision > 1 ? { ...item.metadata, revision: item.revision } : item.metadata);
          declared = true;
          await updateItem(item.id, { declared });
        }
        for (let i = 0; i < files.length; i += 1) {
          const file = files[i]!;
          if (file.done) continue;
          const stored = await readFile(file.fileId);
          if (!stored || stored.sha256 !== file.sha256) throw new SyncFailure('file-missing', `file ${file.fileId} (${file.name}) is gone or changed`, `Tệp: ${file.name}.`);
          if (!file.uploadUrl) {
            file.uploadUrl = await client.createUpload({ dossierId: item.dossierId, name: file.name, sha256: file.sha256, size: file.size });
            await updateItem(item.id, { files });
          }
          const before = files.filter((other) => other.done).reduce((sum, other) => sum + other.size, 0);
          let lastWrite = 0;
          readAhead(files, i);
          try {
            await options.upload({
              uploadUrl: file.uploadUrl,
              data: stored.data,
              name: file.name,
              token: options.token ?? null,
              signal: abort.signal,
              onProgress(sent) {
                bytesSent = before + sent;
                if (now() - lastWrite >= PROGRESS_WRITE_MS) {
                  lastWrite = now();
                  void updateItem(item.id, { bytesSent });
                }
              },
            });
          } catch (error) {
            if (error instanceof UploadGone || (error instanceof SyncFailure && error.kind === 'checksum')) {
              // The server no longer has this upload: start the file again at the next attempt.
              delete file.uploadUrl;
              await updateItem(item.id, { files });
              throw error instanceof UploadGone ? new SyncFailure('server-error', error.message) : error;
            }
            throw error;
          }
          file.done = true;
          bytesSent = before + file.size;
          await updateItem(item.id, { files, bytesSent });
        }
        const outcome = await client.commit(item.dossierId);
        if (outcome.delivered) {
          const at = now();
          await inTransaction(db, ['outbox', 'auditLog'], async () => {
            await markDelivered(db, item.id, { deliveredAt: at, updatedAt: at, bytesSent: item.bytesTotal ?? bytesSent, files, declared: true });
            await appendAudit(db, { at, actor: SYSTEM_ACTOR, action: 'dossier-synced', target: item.dossierId, detail: JSON.stringify({ server: client.serverUrl, files: files.map((file) => ({ name: file.name, sha256: file.sha256 })) }) });
          });
          if (current.lastError) report({ lastError: undefined });
          return;
        }
        if (outcome.notDeclared) declared = false;
        files = files.map((file) => (outcome.missing.includes(file.name) ? { fileId: file.fileId, name: file.name, sha256: file.sha256, size: file.size, done: false } : file));
        await updateItem(item.id, { files, declared });
      }
      throw new SyncFailure('server-error', `commit of ${item.dossierId} still reports missing files`);
    } catch (error) {
      const failure = toSyncFailure(error);
      // Only an unreachable server or a revoked desk stops every delivery; a 5xx or a refused token is this item's retry.
      // A busy hub's own reason (its disk full, its database away) is shown on the sync line too.
      if (failure.kind === 'offline' || failure.kind === 'unauthorized' || failure.kind === 'revoked' || failure.kind === 'server-busy') reportFailure(failure);
      if (!failure.retryable) {
        await updateItem(item.id, { state: 'rejected', lastError: failure.userMessage, bytesSent });
        return;
      }
      // Progress made in this attempt restarts the backoff: a link that drops every few MB keeps moving.
      const progressed = declared !== started.declared || files.filter((file) => file.done).length > started.files || bytesSent > started.bytes;
      const attempts = progressed ? 1 : item.attempts + 1;
      await updateItem(item.id, { state: 'retrying', attempts, nextAttemptAt: now() + retryDelay(failure, backoffDelay(attempts, policy, random)), lastError: failure.userMessage, bytesSent });
    }
  }

  async function pull(): Promise<number> {
    if (!client) return 0;
    let applied = 0;
    let cursor = Number((await readSyncState(db, STATUS_CURSOR_KEY)) ?? 0) || 0;
    for (let page = 0; page < 50; page += 1) {
      const next = await client.pullStatus(cursor, 200);
      if (next.changes.length === 0 && next.cursor === cursor) break;
      applied += await applyStatusChanges(db, next.changes, next.cursor);
      cursor = next.cursor;
      if (next.changes.length < 200) break;
    }
    report({ lastPullAt: now() });
    return applied;
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakeUp = undefined;
        resolve();
      }, Math.max(0, ms));
      wakeUp = () => {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      };
    });

  async function isPaused(): Promise<boolean> {
    return (await readSyncState(db, SYNC_PAUSED_KEY)) === true;
  }

  async function tick(): Promise<number> {
    if (!client) {
      report({ link: 'unconfigured' });
      return 60_000;
    }
    if (await isPaused()) {
      report({ link: 'paused' });
      return 60_000;
    }
    if (!isOnline()) {
      report({ link: 'offline', lastError: new SyncFailure('offline', 'navigator.onLine is false').userMessage });
      return 60_000;
    }
    if (linkDown) {
      if (now() < nextProbeAt) return nextProbeAt - now();
      try {
        await client.health();
        markLinkUp();
      } catch (error) {
        markLinkDown(toSyncFailure(error));
        return nextProbeAt - now();
      }
    } else if (revoked) {
      if (now() < nextRevokedProbeAt) return nextRevokedProbeAt - now();
      try {
        await client.pullStatus(0, 1);
        revoked = false;
        report({ link: 'online', lastError: undefined });
      } catch (error) {
        const failure = toSyncFailure(error);
        if (failure.kind === 'revoked') markRevoked(failure);
        else reportFailure(failure);
        return Math.max(1_000, (revoked ? nextRevokedProbeAt : nextProbeAt) - now());
      }
    } else if (current.link !== 'online') {
      report({ link: 'online' });
    }
    if (now() >= nextPullAt) {
      nextPullAt = now() + pullIntervalMs;
      try {
        await pull();
      } catch (error) {
        const failure = toSyncFailure(error);
        nextPullAt = now() + retryDelay(failure, Math.min(pullIntervalMs, backoffDelay(2, policy, random) + 1_000));
        reportFailure(failure);
      }
    }
    if (options.codeBlocks && !linkDown && !revoked && now() >= nextTopUpAt) {
      try {
        await options.codeBlocks.topUp();
      } catch (error) {
        const failure = toSyncFailure(error);
        nextTopUpAt = now() + retryDelay(failure, 30_000);
        reportFailure(failure);
      }
    }
    if (revoked) return nextRevokedProbeAt - now();
    const active = await deliveriesInStates(db, [...ACTIVE_STATES]);
    const due = active.filter((item) => !inFlight.has(item.id) && item.nextAttemptAt <= now()).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    upcoming = due;
    for (const item of due) {
      if (inFlight.size >= concurrency || linkDown) break;
      const job = deliver(item)
        .catch(() => undefined)
        .finally(() => {
          inFlight.delete(item.id);
          wakeUp?.();
        });
      inFlight.set(item.id, job);
    }
    const waiting = active.filter((item) => !inFlight.has(item.id)).map((item) => item.nextAttemptAt);
    const nextDue = waiting.length > 0 ? Math.min(...waiting) : Infinity;
    return Math.min(nextDue, nextPullAt, linkDown ? nextProbeAt : Infinity) - now();
  }

  async function run(): Promise<void> {
    while (running) {
      let delay: number;
      try {
        delay = await tick();
      } catch {
        delay = 1_000;
      }
      if (!running) break;
      await sleep(Math.min(Math.max(delay, 0), 60_000));
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      abort = new AbortController();
      loop = run();
    },
    async stop() {
      running = false;
      abort.abort();
      wakeUp?.();
      await loop;
      await Promise.allSettled([...inFlight.values()]);
    },
    wake() {
      if (linkDown) nextProbeAt = now();
      wakeUp?.();
    },
    pullNow: pull,
    status: () => current,
  };
}
