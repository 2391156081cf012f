import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { HubTables, PortalOutboxKind, PortalOutboxState, PortalOutboxTable } from '../database/HubTables';
import { appendHubAudit } from '../appendHubAudit';

const nextOrdinal = sql<number>`nextval('portal_outbox_ordinal')`;

/**
 * Queues a delivered dossier revision for the portal inside the transaction that delivers it, so
 * the row exists exactly when the delivery does. Idempotent per dossier and revision. Status
 * changes recorded before the dossier's first delivery were parked; they are given their place
 * right after it, in the order they were recorded.
 */
export async function enqueuePortalDossier(trx: Transaction<HubTables>, dossierId: string, revision: number): Promise<void> {
  const inserted = await trx
    .insertInto('portal_outbox')
    .values({ ordinal: nextOrdinal, kind: 'dossier', dossier_id: dossierId, revision })
    .onConflict((conflict) => conflict.columns(['dossier_id', 'revision']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return;
  const parked = await trx.selectFrom('portal_outbox').select('id').where('dossier_id', '=', dossierId).where('ordinal', 'is', null).orderBy('id').execute();
  for (const row of parked) await trx.updateTable('portal_outbox').set({ ordinal: nextOrdinal }).where('id', '=', row.id).execute();
}

/** Queues a recorded status change inside the transaction that records it (parked until the dossier is first delivered). */
export async function enqueuePortalStatus(trx: Transaction<HubTables>, dossierId: string, statusSeq: number): Promise<void> {
  const delivered = await trx.selectFrom('portal_outbox').select('id').where('dossier_id', '=', dossierId).where('kind', '=', 'dossier').limit(1).executeTakeFirst();
  await trx
    .insertInto('portal_outbox')
    .values({ ordinal: delivered ? nextOrdinal : null, kind: 'status', dossier_id: dossierId, status_seq: statusSeq })
    .onConflict((conflict) => conflict.column('status_seq').doNothing())
    .execute();
}

/** Which held rows an administrator's change may have put right. */
export type HeldRowFilter = { all: true } | { rowId: number } | { procedureCode: string } | { agencyCode: string } | { heldCode: string };

/**
 * Puts held rows back in the queue (attempts from zero, due now), for an administrator's fix; the
 * relay then checks them again and holds them again if the fix did not help. Audited.
 */
export async function requeueHeldRows(trx: Transaction<HubTables>, filter: HeldRowFilter, actor: string): Promise<number> {
  const where =
    'all' in filter
      ? sql`true`
      : 'rowId' in filter
        ? sql`o.id = ${filter.rowId}`
        : 'heldCode' in filter
          ? sql`o.held_code = ${filter.heldCode}`
          : 'procedureCode' in filter
            ? sql`d.metadata->>'procedureCode' = ${filter.procedureCode}`
            : sql`split_part(d.code, '-', 1) = ${filter.agencyCode}`;
  const { rows } = await sql<{ id: number }>`
    UPDATE portal_outbox o SET state = 'waiting', attempts = 0, next_attempt_at = now(), held_code = NULL, held_at = NULL,
      last_error = 'đưa lại vào hàng đợi: ' || COALESCE(o.held_reason, '')
    FROM dossiers d
    WHERE d.id = o.dossier_id AND o.state = 'held' AND ${where}
    RETURNING o.id`.execute(trx);
  if (rows.length > 0) await appendHubAudit(trx, actor, 'portal-requeue', 'portal', { rows: rows.map((row) => row.id).sort((a, b) => a - b), filter });
  return rows.length;
}

export interface PortalOutboxRow {
  id: number;
  ordinal: number;
  kind: PortalOutboxKind;
  dossierId: string;
  revision: number | null;
  statusSeq: number | null;
  attempts: number;
}

export interface PortalRelaySummary {
  /** Not yet acknowledged and not held: new, retrying after a failure, or being sent. */
  waiting: number;
  /** Of those, the ones that failed at least once and wait for their next try. */
  retrying: number;
  sending: number;
  held: number;
  acknowledged: number;
  /** Held rows grouped by reason, most frequent first. */
  heldReasons: Array<{ code: string; reason: string; count: number }>;
  heldRows: Array<{ id: number; kind: PortalOutboxKind; dossierId: string; dossierCode: string; code: string; reason: string; heldAt: string }>;
  /** The most recent failure of a row still waiting, if any. */
  lastError: string | null;
}

/**
 * The relay outbox's named queries. Rows of one dossier go out in ordinal order and a row waits
 * until every earlier row of its dossier is acknowledged; held rows keep their dossier's later
 * rows waiting. Nothing here ever deletes a row or gives up on one.
 */
export function createPortalOutbox(db: Kysely<HubTables>) {
  const settle = (id: number, values: Updateable<PortalOutboxTable>, from: PortalOutboxState = 'sending') =>
    db.updateTable('portal_outbox').set(values).where('id', '=', id).where('state', '=', from).executeTakeFirst();

  return {
    /**
     * Rows marked sending by a hub that stopped before it knew the answer: due again at once. The
     * portal may have applied them, so a dossier is looked up (TraCuuHoSo) before it is sent again.
     * The hub is the only relay of its database.
     */
    async recoverInFlight(): Promise<number> {
      const result = await db
        .updateTable('portal_outbox')
        .set({ state: 'waiting', next_attempt_at: new Date(), last_error: 'máy chủ dừng khi đang gửi; sẽ tra cứu trên Cổng trước khi gửi lại' })
        .where('state', '=', 'sending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** The head row of each dossier's queue that is due, oldest first. */
    async due(limit: number): Promise<PortalOutboxRow[]> {
      const { rows } = await sql<{ id: number; ordinal: number; kind: PortalOutboxKind; dossier_id: string; revision: number | null; status_seq: number | null; attempts: number }>`
        SELECT o.id, o.ordinal, o.kind, o.dossier_id, o.revision, o.status_seq, o.attempts FROM portal_outbox o
        WHERE o.state = 'waiting' AND o.ordinal IS NOT NULL AND o.next_attempt_at <= now()
          AND NOT EXISTS (SELECT 1 FROM portal_outbox e WHERE e.dossier_id = o.dossier_id AND e.state <> 'acknowledged' AND e.ordinal < o.ordinal)
        ORDER BY o.ordinal LIMIT ${limit}`.execute(db);
      return rows.map((row) => ({ id: row.id, ordinal: Number(row.ordinal), kind: row.kind, dossierId: row.dossier_id, revision: row.revision, statusSeq: row.status_seq, attempts: row.attempts }));
    },

    /**
     * When the next row that may go becomes due (for the relay's timer): only the head of each
     * dossier's queue counts, so rows waiting behind a held one do not keep the relay awake.
     */
    async nextDueAt(): Promise<Date | undefined> {
      const { rows } = await sql<{ at: Date | null }>`
        SELECT min(o.next_attempt_at) AS at FROM portal_outbox o
        WHERE o.state = 'waiting' AND o.ordinal IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM portal_outbox e WHERE e.dossier_id = o.dossier_id AND e.state <> 'acknowledged' AND e.ordinal < o.ordinal)`.execute(db);
      return rows[0]?.at ? new Date(rows[0].at) : undefined;
    },

    /** Marks the row as being sent, before anything goes out; false if it is no longer waiting. */
    async claim(id: number): Promise<boolean> {
      const result = await settle(id, { state: 'sending', sending_since: new Date(), attempts: sql`attempts + 1` }, 'waiting');
      return Number(result.numUpdatedRows) === 1;
    },

    /** The portal answered its success code: the row is done, with an audit entry in the same transaction. */
    async acknowledge(row: PortalOutboxRow, detail: { service: string; isUpdating?: boolean; code: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('portal_outbox')
          .set({ state: 'acknowledged', acknowledged_at: new Date(), sending_since: null, ...(detail.isUpdating !== undefined ? { sent_as_update: detail.isUpdating } : {}) })
          .where('id', '=', row.id)
          .where('state', '=', 'sending')
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return;
        await appendHubAudit(trx, 'portal-relay', 'portal-sent', row.dossierId, { row: row.id, kind: row.kind, ...detail, ...(row.revision ? { revision: row.revision } : {}), ...(row.statusSeq ? { statusSeq: row.statusSeq } : {}) });
      });
    },

    /** A failure that may pass (link, timeout, an unreadable answer, a refused session): tried again after `delayMs`. */
    async retryLater(id: number, reason: string, delayMs: number): Promise<void> {
      await settle(id, { state: 'waiting', sending_since: null, last_error: reason.slice(0, 2_000), next_attempt_at: new Date(Date.now() + delayMs) });
    },

    /**
     * Refused for its content (by the portal, or before sending: an unmapped procedure or status):
     * kept with the reason for an administrator, whose fix puts it back (requeueHeldRows). A fix
     * made since `since` (when the relay read the mappings for this row) came too late for this
     * send but may be the answer: the row is then due again instead of held.
     */
    async hold(row: PortalOutboxRow, code: string, reason: string, from: PortalOutboxState, since: Date): Promise<'held' | 'requeued'> {
      return db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ changed: Date | null }>`
          SELECT GREATEST((SELECT max(updated_at) FROM portal_procedures), (SELECT max(updated_at) FROM portal_statuses),
                          (SELECT max(updated_at) FROM portal_agencies), (SELECT max(updated_at) FROM portal_config)) AS changed`.execute(trx);
        const changed = rows[0]?.changed ? new Date(rows[0].changed) : undefined;
        if (changed && changed.getTime() >= since.getTime()) {
          await trx
            .updateTable('portal_outbox')
            .set({ state: 'waiting', sending_since: null, next_attempt_at: new Date(), last_error: `${reason.slice(0, 1_900)} (cấu hình vừa đổi: thử lại)` })
            .where('id', '=', row.id)
            .where('state', '=', from)
            .execute();
          return 'requeued' as const;
        }
        const result = await trx
          .updateTable('portal_outbox')
          .set({ state: 'held', held_code: code, held_reason: reason.slice(0, 2_000), held_at: new Date(), last_error: reason.slice(0, 2_000), sending_since: null })
          .where('id', '=', row.id)
          .where('state', '=', from)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return 'held' as const;
        await appendHubAudit(trx, 'portal-relay', 'portal-held', row.dossierId, { row: row.id, kind: row.kind, code, reason: reason.slice(0, 500) });
        return 'held' as const;
      });
    },

    /** Whether the portal acknowledged a first send of this dossier (then every later send is an update). */
    async acknowledgedDossier(dossierId: string): Promise<boolean> {
      const row = await db.selectFrom('portal_outbox').select('id').where('dossier_id', '=', dossierId).where('kind', '=', 'dossier').where('state', '=', 'acknowledged').limit(1).executeTakeFirst();
      return row !== undefined;
    },

    /** Counts and held reasons for the supervisor's dashboard ("Đồng bộ Cổng DVC quốc gia: chờ n, lỗi n"). */
    async summary(): Promise<PortalRelaySummary> {
      const { rows: counts } = await sql<{ state: PortalOutboxState; retrying: boolean; count: number }>`
        SELECT state, attempts > 0 AND state = 'waiting' AS retrying, count(*)::int AS count FROM portal_outbox GROUP BY 1, 2`.execute(db);
      const total = (state: PortalOutboxState) => counts.filter((row) => row.state === state).reduce((sum, row) => sum + row.count, 0);
      const held = await db
        .selectFrom('portal_outbox')
        .innerJoin('dossiers', 'dossiers.id', 'portal_outbox.dossier_id')
        .select(['portal_outbox.id', 'portal_outbox.kind', 'portal_outbox.dossier_id', 'dossiers.code', 'portal_outbox.held_code', 'portal_outbox.held_reason', 'portal_outbox.held_at'])
        .where('portal_outbox.state', '=', 'held')
        .orderBy('portal_outbox.ordinal')
        .limit(200)
        .execute();
      const reasons = new Map<string, { code: string; reason: string; count: number }>();
      for (const row of held) {
        const key = `${row.held_code}\u0000${row.held_reason}`;
        const entry = reasons.get(key) ?? { code: row.held_code ?? '', reason: row.held_reason ?? '', count: 0 };
        entry.count += 1;
        reasons.set(key, entry);
      }
      const last = await db.selectFrom('portal_outbox').select('last_error').where('state', '=', 'waiting').where('attempts', '>', 0).where('last_error', 'is not', null).orderBy('next_attempt_at', 'desc').limit(1).executeTakeFirst();
      const sending = total('sending');
      return {
        waiting: total('waiting') + sending,
        retrying: counts.filter((row) => row.retrying).reduce((sum, row) => sum + row.count, 0),
        sending,
        held: total('held'),
        acknowledged: total('acknowledged'),
        heldReasons: [...reasons.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
        heldRows: held.map((row) => ({ id: row.id, kind: row.kind, dossierId: row.dossier_id, dossierCode: row.code, code: row.held_code ?? '', reason: row.held_reason ?? '', heldAt: row.held_at?.toISOString() ?? '' })),
        lastError: last?.last_error ?? null,
      };
    },
  };
}

export type PortalOutbox = ReturnType<typeof createPortalOutbox>;
