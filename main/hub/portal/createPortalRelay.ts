import { buildPortalDossierItem } from './buildPortalDossierItem';
import { buildPortalProgressItem } from './buildPortalProgressItem';
import { createFileLinkSigner, type FileLinkSigner } from './createFileLinkSigner';
import { createPortalConnector, type PortalConnector } from './createPortalConnector';
import type { PortalOutbox, PortalOutboxRow } from './createPortalOutbox';
import type { PortalConnection, PortalSettingsStore } from './createPortalSettingsStore';
import type { PortalLinkTarget, PortalSourceReader } from './createPortalSourceReader';
import type { PortalReply } from './parsePortalReply';
import type { PortalSettings } from './PortalSettings';

export interface PortalRelayOptions {
  outbox: PortalOutbox;
  settingsStore: PortalSettingsStore;
  sources: PortalSourceReader;
  /** The hub's own address, for file links when the settings give no public one. */
  hubUrl: () => string;
  /**
   * How often the relay looks for due rows when nothing told it to (default 30 s): the hub tells it
   * when it queues a row or an administrator changes a mapping, and it waits for retries by their
   * due time, so the poll is only a safety net (and keeps an embedded database, which runs on the
   * hub's own thread, quiet while nothing happens).
   */
  pollMs?: number;
  /** Rows per pass (default 20). */
  batchSize?: number;
  random?: () => number;
}

export interface PortalRelayStatus {
  configured: boolean;
  /** Why the last pass stopped early (the portal unreachable, a refused login), if it did. */
  lastError: string | null;
  lastPassAt: string | null;
  /** Passes since the hub started (an idle relay makes few). */
  passes: number;
}

/** Exponential backoff with full jitter, never below a tenth of the base: the delay before try `attempt` + 1. */
export function relayBackoff(attempt: number, settings: Pick<PortalSettings, 'retryBaseMs' | 'retryMaxMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  return Math.max(Math.floor(settings.retryBaseMs / 10), Math.floor(random() * ceiling));
}

type RowOutcome = 'next' | 'stop';

/**
 * The relay to the national portal, inside the hub's process. It sends the outbox's rows in order:
 * each row is marked `sending` before its request goes out and acknowledged only on the portal's
 * success code. A dossier is sent as an update when the portal acknowledged it before or, if the
 * hub has no such record (a first send, or one whose answer was lost), when TraCuuHoSo finds it;
 * a "duplicate" answer to a first send is sent again as an update. A failure that may pass (link,
 * timeout, a refused session after one new login, an unreadable answer) puts the row back with
 * backoff and ends the pass, so the rows behind it wait rather than pile onto a portal that is
 * down; it is tried again for as long as it takes. A refusal of the content holds the row with the
 * portal's message. At start, rows a stopped hub left `sending` are due again. The relay sleeps
 * until the next row is due, it is told something was queued, or its poll comes round.
 */
export function createPortalRelay(options: PortalRelayOptions) {
  const { outbox, settingsStore, sources } = options;
  const pollMs = options.pollMs ?? 30_000;
  const batchSize = options.batchSize ?? 20;
  const random = options.random ?? Math.random;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let started = false;
  let recovered = false;
  let current: { updatedAt: number; connector: PortalConnector; signer: FileLinkSigner; connection: PortalConnection } | undefined;
  const status: PortalRelayStatus = { configured: false, lastError: null, lastPassAt: null, passes: 0 };
  let passFailures = 0;

  const linkOf = (connection: PortalConnection, signer: FileLinkSigner) => (target: PortalLinkTarget) => {
    const base = connection.settings.publicUrl ?? options.hubUrl();
    const token = signer.sign({ ...target, expiresAt: Math.floor(Date.now() / 1000 + connection.settings.linkTtlHours * 3_600) });
    return `${base}/api/v1/portal/files/${token}/${encodeURIComponent(target.name)}`;
  };

  const settleReply = async (row: PortalOutboxRow, reply: PortalReply, since: Date, settings: PortalSettings, code: string, service: string, isUpdating?: boolean): Promise<RowOutcome> => {
    if (reply.kind === 'ok') {
      await outbox.acknowledge(row, { service, code, ...(isUpdating !== undefined ? { isUpdating } : {}) });
      return 'next';
    }
    if (reply.kind === 'refused' || reply.kind === 'duplicate') {
      await outbox.hold(row, 'portal-refused', `Cổng DVC quốc gia từ chối (${service}): ${reply.reason}`, 'sending', since);
      return 'next';
    }
    await outbox.retryLater(row.id, reply.reason, relayBackoff(row.attempts + 1, settings, random));
    status.lastError = reply.reason;
    return 'stop';
  };

  const sendDossier = async (row: PortalOutboxRow): Promise<RowOutcome> => {
    const { connection, connector, signer } = current!;
    const since = new Date();
    const read = await sources.dossier(row.dossierId, row.revision!, connection.settings, linkOf(connection, signer));
    if (read.hold) {
      await outbox.hold(row, read.hold.code, read.hold.reason, 'waiting', since);
      return 'next';
    }
    if (!(await outbox.claim(row.id))) return 'next';
    const item = buildPortalDossierItem(read.source);
    let isUpdating = await outbox.acknowledgedDossier(row.dossierId);
    if (!isUpdating) {
      const found = await connector.call('TraCuuHoSo', { mahoso: item.MaHoSo }, read.madonvi, stopping.signal);
      if (found.kind === 'failed' || found.kind === 'session-refused') return settleReply(row, found, since, connection.settings, item.MaHoSo, 'TraCuuHoSo');
      // As the public client reads it: found when `result` is a non-empty list.
      isUpdating = found.kind === 'ok' && Array.isArray(found.body.result) && found.body.result.length > 0;
    }
    const send = (updating: boolean) => connector.call('DongBoHoSoMC', { isUpdating: updating ? 'True' : 'False', data: [item] }, read.madonvi, stopping.signal);
    let reply = await send(isUpdating);
    if (reply.kind === 'duplicate' && !isUpdating) {
      isUpdating = true;
      reply = await send(true);
    }
    return settleReply(row, reply, since, connection.settings, item.MaHoSo, 'DongBoHoSoMC', isUpdating);
  };

  const sendProgress = async (row: PortalOutboxRow): Promise<RowOutcome> => {
    const { connection, connector } = current!;
    const since = new Date();
    const read = await sources.progress(row.statusSeq!, connection.settings);
    if (read.hold) {
      await outbox.hold(row, read.hold.code, read.hold.reason, 'waiting', since);
      return 'next';
    }
    if (!(await outbox.claim(row.id))) return 'next';
    const item = buildPortalProgressItem(read.source);
    const reply = await connector.call('CapNhatTienDoHoSoMC', { data: [item] }, read.madonvi, stopping.signal);
    return settleReply(row, reply, since, connection.settings, item.MaHoSo, 'CapNhatTienDoHoSoMC');
  };

  /** One pass over the due rows; true when it did something and more may be due. */
  const pass = async (): Promise<boolean> => {
    if (!recovered) {
      await outbox.recoverInFlight();
      recovered = true;
    }
    const connection = await settingsStore.connection();
    status.configured = connection !== undefined;
    if (!connection) return false;
    if (!current || current.updatedAt !== connection.updatedAt.getTime()) {
      current = { updatedAt: connection.updatedAt.getTime(), connection, connector: createPortalConnector({ settings: connection.settings, password: connection.password }), signer: createFileLinkSigner(connection.linkKey) };
    }
    const rows = await outbox.due(batchSize);
    let progressed = false;
    for (const row of rows) {
      if (stopping.signal.aborted) return false;
      const outcome = row.kind === 'dossier' ? await sendDossier(row) : await sendProgress(row);
      if (outcome === 'stop') {
        passFailures += 1;
        return false;
      }
      progressed = true;
    }
    passFailures = 0;
    if (rows.length > 0) status.lastError = null;
    return progressed;
  };

  const schedule = (delayMs: number) => {
    if (stopping.signal.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), delayMs);
    timer.unref?.();
  };

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let more = false;
      try {
        more = await pass();
      } catch (error) {
        // The database away, a sealed secret that does not open: said, and tried again later.
        status.lastError = error instanceof Error ? error.message : String(error);
        passFailures += 1;
      } finally {
        status.lastPassAt = new Date().toISOString();
        status.passes += 1;
      }
      const next = await outbox.nextDueAt().catch(() => undefined);
      const untilDue = next ? Math.max(0, next.getTime() - Date.now()) : pollMs;
      const backoff = passFailures > 0 && current ? relayBackoff(passFailures, current.connection.settings, random) : 0;
      schedule(more || again ? 0 : Math.max(backoff, Math.min(pollMs, untilDue)));
      again = false;
    })().finally(() => (running = undefined));
    return running;
  };

  return {
    status: (): PortalRelayStatus => ({ ...status }),

    /** Starts the relay; its first pass puts back the rows a stopped hub left `sending`. */
    start(): void {
      if (started) return;
      started = true;
      schedule(0);
    },

    /** Something was queued or an administrator changed a mapping: look now rather than at the next poll. */
    nudge(): void {
      if (started) schedule(0);
    },

    /**
     * Ends the relay: a request in flight is abandoned and its row put back as a failure (the
     * portal may have applied it: with no acknowledgement recorded, it is looked up before it is
     * sent again). A hub killed outright leaves it `sending`, which the next start puts back.
     */
    async stop(): Promise<void> {
      stopping.abort();
      clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

export type PortalRelay = ReturnType<typeof createPortalRelay>;
