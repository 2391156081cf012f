import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { HubTables, ReviewState } from './database/HubTables';
import type { HubDesk, HubStore } from './createHubStore';
import { HubFailure } from './HubFailure';
import { formatPortalTimestamp } from '../../preload/shared/domain/calendar/localDate';
import { enqueuePortalStatus } from './portal/createPortalOutbox';

/** The state of a dossier's review as the supervisor's queue shows it. */
export type OfficeReviewState = 'pending' | ReviewState;

/** What the supervisor narrows the office's intake down to; every field is optional. */
export interface OfficeFilter {
  deskId?: string;
  officerId?: string;
  procedureCode?: string;
  status?: number;
  review?: OfficeReviewState;
  /** Received on or after this day (`YYYY-MM-DD`, Asia/Ho_Chi_Minh, as the declaration's `receivedAt`). */
  from?: string;
  /** Received on or before this day. */
  to?: string;
}

export interface OfficeDossier {
  id: string;
  code: string;
  /** 1, or more once the desk sent a rescanned revision after a send-back; `files` are this revision's. */
  revision: number;
  desk: { id: string; name: string };
  officer: { id: string; name: string } | null;
  procedureCode: string;
  receivedAt: string;
  dueAt: string;
  applicant: { idNumber: string; fullName: string };
  status: number;
  delivered: boolean;
  files: Array<{ name: string; sha256: string; size: number; stored: boolean }>;
  review: { state: ReviewState; reason: string | null; reviewer: string; decidedAt: string } | null;
}

export interface OfficeCount {
  key: string;
  label: string;
  count: number;
}

export interface OfficeFigures {
  total: number;
  delivered: number;
  byDesk: OfficeCount[];
  byOfficer: OfficeCount[];
  byProcedure: OfficeCount[];
  byStatus: OfficeCount[];
  byReview: OfficeCount[];
  /** Every active desk, so the supervisor can filter by one that has nothing yet. */
  desks: Array<{ id: string; name: string; role: string; slot: number }>;
}

export interface OfficeDecision {
  /** Chosen by the deciding desk; the same id sent again is the same decision. */
  decisionId: string;
  dossierId: string;
  state: ReviewState;
  reason?: string;
  reviewer: string;
}

function portalDay(day: string, time: string): string {
  return `${day.replace(/-/g, '')}${time}`;
}

/**
 * The office-wide dossier rows with their desk, latest status (2, received, until the hub has a
 * change) and latest review decision, narrowed by `filter`. Only the supervisor's routes use it.
 */
function officeRows(filter: OfficeFilter): RawBuilder<unknown> {
  const where: Array<RawBuilder<unknown>> = [sql`true`];
  if (filter.deskId) where.push(sql`desk_id = ${filter.deskId}::uuid`);
  if (filter.officerId) where.push(sql`officer_id = ${filter.officerId}`);
  if (filter.procedureCode) where.push(sql`procedure_code = ${filter.procedureCode}`);
  if (filter.status !== undefined) where.push(sql`status = ${filter.status}`);
  if (filter.review) where.push(sql`review = ${filter.review}`);
  if (filter.from) where.push(sql`received_at >= ${portalDay(filter.from, '000000')}`);
  if (filter.to) where.push(sql`received_at <= ${portalDay(filter.to, '235959')}`);
  return sql`(
    SELECT * FROM (
      SELECT d.id, d.desk_id, k.name AS desk_name, d.code, d.metadata, d.delivered_at,
        d.metadata->>'receivedAt' AS received_at,
        d.metadata->>'procedureCode' AS procedure_code,
        d.metadata->'officer'->>'id' AS officer_id,
        d.metadata->'officer'->>'name' AS officer_name,
        COALESCE(s.status, 2)::int AS status,
        d.revision,
        -- A decision on an earlier revision leaves a newer one waiting for review.
        CASE WHEN r.revision = d.revision THEN r.state ELSE 'pending' END AS review,
        r.reason AS review_reason, r.reviewer_name, r.decided_at
      FROM dossiers d
      JOIN desks k ON k.id = d.desk_id
      LEFT JOIN LATERAL (SELECT sc.status FROM status_changes sc WHERE sc.dossier_id = d.id ORDER BY sc.seq DESC LIMIT 1) s ON true
      LEFT JOIN LATERAL (SELECT dr.state, dr.reason, dr.reviewer_name, dr.decided_at, dr.revision FROM dossier_reviews dr WHERE dr.dossier_id = d.id ORDER BY dr.seq DESC LIMIT 1) r ON true
    ) office
    WHERE ${sql.join(where, sql` AND `)}
  )`;
}

interface OfficeRow {
  id: string;
  desk_id: string;
  desk_name: string;
  code: string;
  metadata: { procedureCode: string; receivedAt: string; dueAt: string; applicant: { idNumber: string; fullName: string }; officer?: { id: string; name: string } };
  delivered_at: Date | null;
  revision: number;
  status: number;
  review: OfficeReviewState;
  review_reason: string | null;
  reviewer_name: string | null;
  decided_at: Date | null;
  total: number;
}

interface FigureRow {
  dimension: 'desk' | 'officer' | 'procedure' | 'status' | 'review' | 'total';
  desk_id: string | null;
  desk_name: string | null;
  officer_id: string | null;
  officer_name: string | null;
  procedure_code: string | null;
  status: number | null;
  review: string | null;
  count: number;
  delivered: number;
}

/**
 * The office-wide queries of a supervisor desk: the intake of every desk, its figures, one stored
 * file, and the review decision that travels back to the dossier's own desk in its status feed.
 */
export function createOfficeStore(db: Kysely<HubTables>, store: HubStore) {
  return {
    async dossiers(filter: OfficeFilter, page: { offset: number; limit: number }): Promise<{ total: number; dossiers: OfficeDossier[] }> {
      const { rows } = await sql<OfficeRow>`
        SELECT office.*, count(*) OVER ()::int AS total FROM ${officeRows(filter)} office
        ORDER BY received_at DESC, code, id
        OFFSET ${page.offset} LIMIT ${page.limit}`.execute(db);
      const ids = rows.map((row) => row.id);
      const files = ids.length
        ? await db
            .selectFrom('dossier_files')
            .innerJoin('dossiers', (join) => join.onRef('dossiers.id', '=', 'dossier_files.dossier_id').onRef('dossiers.revision', '=', 'dossier_files.revision'))
            .selectAll('dossier_files')
            .where('dossier_files.dossier_id', 'in', ids)
            .orderBy('dossier_files.name')
            .execute()
        : [];
      // A page past the end has no row to carry the count.
      const total = rows[0]?.total ?? (page.offset > 0 ? ((await sql<{ total: number }>`SELECT count(*)::int AS total FROM ${officeRows(filter)} office`.execute(db)).rows[0]?.total ?? 0) : 0);
      return {
        total,
        dossiers: rows.map((row) => ({
          id: row.id,
          code: row.code,
          revision: row.revision,
          desk: { id: row.desk_id, name: row.desk_name },
          officer: row.metadata.officer ?? null,
          procedureCode: row.metadata.procedureCode,
          receivedAt: row.metadata.receivedAt,
          dueAt: row.metadata.dueAt,
          applicant: { idNumber: row.metadata.applicant.idNumber, fullName: row.metadata.applicant.fullName },
          status: row.status,
          delivered: row.delivered_at !== null,
          files: files.filter((file) => file.dossier_id === row.id).map((file) => ({ name: file.name, sha256: file.sha256, size: Number(file.size), stored: file.stored_at !== null })),
          review:
            row.review === 'pending' || !row.decided_at
              ? null
              : { state: row.review, reason: row.review_reason, reviewer: row.reviewer_name ?? '', decidedAt: row.decided_at.toISOString() },
        })),
      };
    },

    /** Counts of the filtered intake per desk, officer, procedure, status and review state, in one pass. */
    async figures(filter: OfficeFilter): Promise<OfficeFigures> {
      const { rows } = await sql<FigureRow>`
        SELECT
          CASE WHEN GROUPING(desk_id) = 0 THEN 'desk' WHEN GROUPING(officer_id) = 0 THEN 'officer'
               WHEN GROUPING(procedure_code) = 0 THEN 'procedure' WHEN GROUPING(status) = 0 THEN 'status'
               WHEN GROUPING(review) = 0 THEN 'review' ELSE 'total' END AS dimension,
          desk_id, max(desk_name) AS desk_name, officer_id, max(officer_name) AS officer_name, procedure_code, status, review,
          count(*)::int AS count, count(delivered_at)::int AS delivered
        FROM ${officeRows(filter)} office
        GROUP BY GROUPING SETS ((desk_id), (officer_id), (procedure_code), (status), (review), ())`.execute(db);
      const of = (dimension: FigureRow['dimension'], key: (row: FigureRow) => string, label: (row: FigureRow) => string): OfficeCount[] =>
        rows
          .filter((row) => row.dimension === dimension)
          .map((row) => ({ key: key(row), label: label(row), count: row.count }))
          .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'vi'));
      const total = rows.find((row) => row.dimension === 'total');
      const desks = await db.selectFrom('desks').select(['id', 'name', 'role', 'slot']).where('revoked_at', 'is', null).orderBy('slot').execute();
      return {
        total: total?.count ?? 0,
        delivered: total?.delivered ?? 0,
        byDesk: of('desk', (row) => row.desk_id ?? '', (row) => row.desk_name ?? ''),
        byOfficer: of('officer', (row) => row.officer_id ?? '', (row) => row.officer_name ?? ''),
        byProcedure: of('procedure', (row) => row.procedure_code ?? '', (row) => row.procedure_code ?? ''),
        byStatus: of('status', (row) => String(row.status), (row) => String(row.status)),
        byReview: of('review', (row) => row.review ?? '', (row) => row.review ?? ''),
        desks,
      };
    },

    /** A stored, verified file of any desk's dossier's current revision: where the file store keeps it, and its declared hash. */
    async storedFile(dossierId: string, name: string): Promise<{ uploadId: string; sha256: string; size: number } | undefined> {
      const row = await db
        .selectFrom('dossier_files')
        .innerJoin('dossiers', (join) => join.onRef('dossiers.id', '=', 'dossier_files.dossier_id').onRef('dossiers.revision', '=', 'dossier_files.revision'))
        .select(['dossier_files.upload_id', 'dossier_files.sha256', 'dossier_files.size', 'dossier_files.stored_at'])
        .where('dossier_files.dossier_id', '=', dossierId)
        .where('dossier_files.name', '=', name)
        .executeTakeFirst();
      return row?.upload_id && row.stored_at ? { uploadId: row.upload_id, sha256: row.sha256, size: Number(row.size) } : undefined;
    },

    /**
     * Records a supervisor's decision on a delivered dossier, audits it, and puts it in the status
     * feed of the dossier's own desk (with the status the hub has for it, so the status is not
     * changed), all in one transaction.
     */
    async decide(reviewer: HubDesk, decision: OfficeDecision): Promise<{ seq: number; decidedAt: string; replayed: boolean }> {
      const decided = await store.audited(async (trx, audit) => {
        const dossier = await trx.selectFrom('dossiers').select(['desk_id', 'delivered_at', 'code', 'revision']).where('id', '=', decision.dossierId).forUpdate().executeTakeFirst();
        if (!dossier) throw new HubFailure('hub-dossier-unknown', 'Máy chủ văn phòng không có hồ sơ này.', decision.dossierId, 404);
        if (!dossier.delivered_at) throw new HubFailure('hub-dossier-not-delivered', 'Hồ sơ chưa được gửi đủ tệp lên máy chủ văn phòng nên chưa kiểm tra được.', decision.dossierId, 409);
        const reason = decision.state === 'rescan' ? (decision.reason ?? null) : null;
        const earlier = await trx.selectFrom('dossier_reviews').select(['dossier_id', 'state', 'reason', 'feed_seq', 'decided_at']).where('decision_id', '=', decision.decisionId).executeTakeFirst();
        if (earlier) {
          // The same decision sent again (its answer was lost): answer as the first time, record nothing.
          if (earlier.dossier_id !== decision.dossierId || earlier.state !== decision.state || earlier.reason !== reason) {
            throw new HubFailure('hub-decision-conflict', 'Quyết định này đã được ghi với nội dung khác; hãy mở lại hồ sơ để xem quyết định đã ghi.', decision.decisionId, 409);
          }
          return { seq: earlier.feed_seq ?? 0, decidedAt: earlier.decided_at.toISOString(), replayed: true };
        }
        const review = await trx
          .insertInto('dossier_reviews')
          .values({ dossier_id: decision.dossierId, state: decision.state, reason, reviewer_desk_id: reviewer.id, reviewer_name: decision.reviewer, decision_id: decision.decisionId, revision: dossier.revision })
          .returning(['seq', 'decided_at'])
          .executeTakeFirstOrThrow();
        const latest = await trx.selectFrom('status_changes').select('status').where('dossier_id', '=', decision.dossierId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const row = await trx
          .insertInto('status_changes')
          .values({
            dossier_id: decision.dossierId,
            desk_id: dossier.desk_id,
            status: latest?.status ?? 2,
            at: formatPortalTimestamp(review.decided_at),
            note: null,
            source: `desk:${reviewer.id}`,
            review_state: decision.state,
            review_reason: reason,
            reviewer_name: decision.reviewer,
          })
          .returning('seq')
          .executeTakeFirstOrThrow();
        await audit(`desk:${reviewer.id}`, 'review', decision.dossierId, { code: dossier.code, ...(dossier.revision > 1 ? { revision: dossier.revision } : {}), state: decision.state, ...(reason ? { reason } : {}), reviewer: decision.reviewer, feedSeq: row.seq });
        await trx.updateTable('dossier_reviews').set({ feed_seq: row.seq }).where('seq', '=', review.seq).execute();
        await enqueuePortalStatus(trx, decision.dossierId, row.seq);
        return { seq: row.seq, decidedAt: review.decided_at.toISOString(), replayed: false };
      });
      if (!decided.replayed) store.portalQueued();
      return decided;
    },
  };
}

export type OfficeStore = ReturnType<typeof createOfficeStore>;
