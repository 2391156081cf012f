import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DeskRole, HubTables, ReviewState } from './database/HubTables';
import { canonicalJson, type DossierDeclaration } from './dossierDeclaration';
import { HubFailure } from './HubFailure';
import { createCodeBlockStore } from './createCodeBlockStore';
import { appendHubAudit, GENESIS_HASH, lock } from './appendHubAudit';
import { formatPortalTimestamp } from '../../preload/shared/domain/calendar/localDate';
import { enqueuePortalDossier, enqueuePortalStatus } from './portal/createPortalOutbox';

export interface HubDesk {
  id: string;
  name: string;
  role: DeskRole;
  slot: number;
  enrolledAt: Date;
  revokedAt: Date | null;
}

export interface HubStatusChange {
  seq: number;
  dossierId: string;
  status: number;
  at: string;
  note?: string;
  /** A supervisor's review decision carried to the dossier's desk (the status is then unchanged). */
  review?: { state: ReviewState; reason?: string; reviewer?: string };
}

/** `revised`: a new revision of a sent-back dossier was accepted; `already-*`: the same declaration again. */
export type DeclareOutcome = 'declared' | 'revised' | 'already-declared' | 'already-delivered' | 'conflict' | 'foreign';

export interface HubDossierView {
  id: string;
  deskId: string;
  code: string;
  /** The current revision; its files are `files`. */
  revision: number;
  metadata: DossierDeclaration;
  declaredAt: Date;
  deliveredAt: Date | null;
  files: Array<{ name: string; sha256: string; size: number; uploadId: string | null; storedAt: Date | null }>;
}

/** Enrolment codes read aloud or typed: Crockford base32 (no I, L, O, U), four groups of four. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The form an officer may type a code in (lower case, spaces, dashes) reduced to the one it was issued in. */
export function normalizeEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function newEnrolmentCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((byte) => CODE_ALPHABET[byte % 32]!);
  return [0, 4, 8, 12].map((start) => chars.slice(start, start + 4).join('')).join('-');
}

function deskOf(row: { id: string; name: string; role: DeskRole; slot: number; enrolled_at: Date; revoked_at: Date | null }): HubDesk {
  return { id: row.id, name: row.name, role: row.role, slot: row.slot, enrolledAt: row.enrolled_at, revokedAt: row.revoked_at };
}

/** Names of the files of a dossier's revision not stored yet, in name order. */
async function missingFiles(db: Kysely<HubTables>, id: string, revision: number): Promise<string[]> {
  const rows = await db.selectFrom('dossier_files').select('name').where('dossier_id', '=', id).where('revision', '=', revision).where('stored_at', 'is', null).orderBy('name').execute();
  return rows.map((row) => row.name);
}

const SLOT_LOCK = 7_302;

export interface HubStoreEvents {
  /** A row was queued for the national portal and has committed (the relay looks at once instead of at its next poll). */
  portalQueued?(): void;
}

/**
 * The hub's named queries. Each write is one transaction and has committed before it returns, so
 * an answer given to a desk only ever reports what is durable.
 */
export function createHubStore(db: Kysely<HubTables>, options: HubStoreEvents & { tokenCacheMs?: number } = {}) {
  const audit = appendHubAudit;
  const queued = () => options.portalQueued?.();
  // Every request names its desk by token; a desk's answer is kept a few seconds so a delivery's
  // half-dozen requests do not each ask the database. Revoking through this store empties it at
  // once; a revocation written to the database by another process takes effect within the TTL.
  const tokenCacheMs = options.tokenCacheMs ?? 5_000;
  const desksByTokenHash = new Map<string, { desk: HubDesk; until: number }>();

  return {
    /**
     * Runs `work` in one transaction with the audit chain's writer, for the hub's other named
     * queries (main/hub/createOfficeStore.ts): what they write and its audit entry commit together.
     */
    audited<T>(work: (trx: Transaction<HubTables>, audit: (actor: string, action: string, subject: string, detail: Record<string, unknown>) => Promise<void>) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(trx, (actor, action, subject, detail) => audit(trx, actor, action, subject, detail)));
    },

    /** Tells the relay that something was queued for the national portal (see HubStoreEvents). */
    portalQueued: queued,

    ...createCodeBlockStore(db),
    /** A one-use code for a desk to enrol with; only its hash is kept. */
    async createEnrolmentCode(input: { deskName: string; role: DeskRole; validHours?: number; actor?: string }): Promise<{ code: string; expiresAt: Date }> {
      const code = newEnrolmentCode();
      const expiresAt = new Date(Date.now() + (input.validHours ?? 72) * 3_600_000);
      await db.transaction().execute(async (trx) => {
        const active = await trx.selectFrom('desks').select('id').where('name', '=', input.deskName).where('revoked_at', 'is', null).executeTakeFirst();
        if (active) throw new HubFailure('hub-desk-exists', `Bàn "${input.deskName}" đã được ghép với máy chủ. Thu hồi bàn đó trước khi ghép máy khác.`, input.deskName, 409);
        await trx.insertInto('enrolment_codes').values({ code_sha256: sha256(normalizeEnrolmentCode(code)), desk_name: input.deskName, role: input.role, expires_at: expiresAt }).execute();
        await audit(trx, input.actor ?? 'admin', 'enrolment-code', input.deskName, { role: input.role, expiresAt: expiresAt.toISOString() });
      });
      return { code, expiresAt };
    },

    /** Turns an enrolment code into a desk with its own token and dossier-code slot; a code works once. */
    async redeemEnrolmentCode(code: string): Promise<{ desk: HubDesk; token: string }> {
      const token = randomBytes(32).toString('base64url');
      const desk = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('enrolment_codes')
          .selectAll()
          .where('code_sha256', '=', sha256(normalizeEnrolmentCode(code)))
          .forUpdate()
          .executeTakeFirst();
        if (!row) throw new HubFailure('hub-enrolment-unknown', 'Mã ghép bàn không đúng. Kiểm tra lại mã do quản trị viên máy chủ cấp.', undefined, 403);
        if (row.used_at) throw new HubFailure('hub-enrolment-used', 'Mã ghép bàn này đã được dùng. Xin quản trị viên cấp mã mới.', undefined, 403);
        if (row.expires_at.getTime() < Date.now()) throw new HubFailure('hub-enrolment-expired', 'Mã ghép bàn đã hết hạn. Xin quản trị viên cấp mã mới.', undefined, 403);
        await lock(trx, SLOT_LOCK);
        const top = await trx.selectFrom('desks').select((eb) => eb.fn.max('slot').as('slot')).executeTakeFirst();
        const slot = Number(top?.slot ?? 0) + 1;
        if (slot > 9999) throw new HubFailure('hub-slots-exhausted', 'Máy chủ đã hết số bàn để cấp.', undefined, 409);
        const inserted = await trx
          .insertInto('desks')
          .values({ id: randomUUID(), name: row.desk_name, role: row.role, token_sha256: sha256(token), slot })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.updateTable('enrolment_codes').set({ used_at: new Date(), desk_id: inserted.id }).where('code_sha256', '=', row.code_sha256).execute();
        await audit(trx, `desk:${inserted.id}`, 'enrol', inserted.name, { slot, role: inserted.role });
        return deskOf(inserted);
      });
      return { desk, token };
    },

    /** The active desk a bearer token belongs to. */
    async deskByToken(token: string): Promise<HubDesk | undefined> {
      const tokenHash = sha256(token);
      const cached = desksByTokenHash.get(tokenHash);
      if (cached && cached.until > Date.now()) return cached.desk;
      const row = await db.selectFrom('desks').selectAll().where('token_sha256', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
      if (!row) {
        desksByTokenHash.delete(tokenHash);
        return undefined;
      }
      const desk = deskOf(row);
      if (tokenCacheMs > 0) {
        if (desksByTokenHash.size >= 10_000) desksByTokenHash.clear();
        desksByTokenHash.set(tokenHash, { desk, until: Date.now() + tokenCacheMs });
      }
      return desk;
    },

    /** Whether a token belonged to a desk that has been revoked (so the desk can be told why it is refused). */
    async isRevokedToken(token: string): Promise<boolean> {
      const row = await db.selectFrom('desks').select('id').where('token_sha256', '=', sha256(token)).where('revoked_at', 'is not', null).executeTakeFirst();
      return row !== undefined;
    },

    async listDesks(): Promise<HubDesk[]> {
      const rows = await db.selectFrom('desks').selectAll().orderBy('slot').execute();
      return rows.map(deskOf);
    },

    /** From now on the desk's token is refused; its dossiers and its slot stay. */
    async revokeDesk(name: string, actor = 'admin'): Promise<HubDesk> {
      const revoked = await db.transaction().execute(async (trx) => {
        const row = await trx.updateTable('desks').set({ revoked_at: new Date() }).where('name', '=', name).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
        if (!row) throw new HubFailure('hub-desk-unknown', `Không có bàn đang hoạt động tên "${name}".`, name, 404);
        await audit(trx, actor, 'revoke', name, { deskId: row.id });
        return deskOf(row);
      });
      // After the commit: a lookup made while the revocation was being written cached the desk as active.
      desksByTokenHash.clear();
      return revoked;
    },

    /**
     * Idempotent on the dossier id and revision: the same content again is a success, other content
     * a conflict, except a higher revision of a dossier whose current revision the supervisor sent
     * back for rescanning: that replaces the declared files (the earlier revision's rows stay) and
     * makes the dossier undelivered until the new files are committed.
     */
    async declareDossier(desk: HubDesk, id: string, declaration: DossierDeclaration): Promise<DeclareOutcome> {
      const { revision: declaredRevision, ...content } = declaration;
      const revision = declaredRevision ?? 1;
      // The revision is not part of the digest, so a first delivery's digest is what it always was.
      const digest = sha256(canonicalJson(content));
      return db.transaction().execute(async (trx) => {
        const known = await trx.selectFrom('dossiers').select(['desk_id', 'digest', 'revision', 'code', 'delivered_at']).where('id', '=', id).forUpdate().executeTakeFirst();
        if (known && known.desk_id !== desk.id) return 'foreign';
        const insertFiles = () =>
          trx
            .insertInto('dossier_files')
            .values(declaration.files.map((file) => ({ dossier_id: id, revision, name: file.name, sha256: file.sha256, size: file.size })))
            .execute();
        if (known) {
          if (revision === known.revision && known.digest === digest) return known.delivered_at ? 'already-delivered' : 'already-declared';
          // A revision is the same dossier rescanned: its code does not change.
          if (revision <= known.revision || content.code !== known.code) return 'conflict';
          const review = await trx.selectFrom('dossier_reviews').select(['state', 'revision']).where('dossier_id', '=', id).orderBy('seq', 'desc').limit(1).executeTakeFirst();
          if (review?.state !== 'rescan' || review.revision !== known.revision) return 'conflict';
          await trx.updateTable('dossiers').set({ digest, revision, metadata: JSON.stringify(content), delivered_at: null }).where('id', '=', id).execute();
          await insertFiles();
          await audit(trx, `desk:${desk.id}`, 'revise', id, { code: content.code, revision, previousRevision: known.revision, files: declaration.files.length });
          return 'revised';
        }
        await trx.insertInto('dossiers').values({ id, desk_id: desk.id, code: declaration.code, digest, revision, metadata: JSON.stringify(content) }).execute();
        await insertFiles();
        await audit(trx, `desk:${desk.id}`, 'declare', id, { code: declaration.code, files: declaration.files.length, ...(revision > 1 ? { revision } : {}) });
        return 'declared';
      });
    },

    /** The file a desk declared in the dossier's current revision, for checking an upload against before a byte is stored. */
    async declaredFile(id: string, name: string): Promise<{ deskId: string; sha256: string; size: number; stored: boolean } | undefined> {
      const row = await db
        .selectFrom('dossier_files')
        .innerJoin('dossiers', (join) => join.onRef('dossiers.id', '=', 'dossier_files.dossier_id').onRef('dossiers.revision', '=', 'dossier_files.revision'))
        .select(['dossiers.desk_id', 'dossier_files.sha256', 'dossier_files.size', 'dossier_files.stored_at'])
        .where('dossier_files.dossier_id', '=', id)
        .where('dossier_files.name', '=', name)
        .executeTakeFirst();
      return row ? { deskId: row.desk_id, sha256: row.sha256, size: Number(row.size), stored: row.stored_at !== null } : undefined;
    },

    /**
     * Records a verified upload in the dossier's current revision; the tus answer that tells the desk
     * it is done waits for this. With `sha256`, an upload begun for an earlier revision's file of the
     * same name but other bytes is not taken for the current one. Idempotent: a file already
     * recorded keeps its first upload and gets no second audit entry (a restarted hub records an
     * upload that was complete when it was killed, see recordFinishedUpload).
     */
    async recordStoredFile(id: string, name: string, uploadId: string, sha256?: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        // The current revision is read in the update itself: one statement less on every file.
        let update = trx
          .updateTable('dossier_files')
          .set({ upload_id: uploadId, stored_at: new Date() })
          .where('dossier_id', '=', id)
          .where('name', '=', name)
          .where('revision', '=', (eb) => eb.selectFrom('dossiers').select('dossiers.revision').where('dossiers.id', '=', id))
          .where('stored_at', 'is', null);
        if (sha256) update = update.where('sha256', '=', sha256);
        const stored = await update.returning('revision').executeTakeFirst();
        if (!stored) return;
        await audit(trx, 'hub', 'file-stored', id, { name, uploadId, ...(stored.revision > 1 ? { revision: stored.revision } : {}) });
      });
    },

    /** Marks the delivery complete once every declared file is stored (idempotent); the delivered revision is queued for the national portal. */
    async commitDossier(desk: HubDesk, id: string): Promise<{ state: 'delivered' } | { state: 'missing'; missing: string[] } | { state: 'unknown' }> {
      let delivered = false;
      const outcome = await db.transaction().execute(async (trx) => {
        const dossier = await trx.selectFrom('dossiers').select(['desk_id', 'delivered_at', 'revision']).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!dossier || dossier.desk_id !== desk.id) return { state: 'unknown' as const };
        const missing = await missingFiles(trx, id, dossier.revision);
        if (missing.length > 0) return { state: 'missing' as const, missing };
        if (!dossier.delivered_at) {
          await trx.updateTable('dossiers').set({ delivered_at: new Date() }).where('id', '=', id).execute();
          await audit(trx, `desk:${desk.id}`, 'deliver', id, dossier.revision > 1 ? { revision: dossier.revision } : {});
          // The national portal hears of this revision exactly when it is delivered.
          await enqueuePortalDossier(trx, id, dossier.revision);
          delivered = true;
        }
        return { state: 'delivered' as const };
      });
      if (delivered) queued();
      return outcome;
    },

    /** A status change for the dossier's desk to pull (from review, the portal, or an administrator), queued for the national portal too. */
    async pushStatus(input: { dossierId: string; status: number; note?: string; source: string; at?: Date }): Promise<HubStatusChange> {
      const change = await db.transaction().execute(async (trx) => {
        const dossier = await trx.selectFrom('dossiers').select('desk_id').where('id', '=', input.dossierId).executeTakeFirst();
        if (!dossier) throw new HubFailure('hub-dossier-unknown', 'Máy chủ không có hồ sơ này.', input.dossierId, 404);
        const at = formatPortalTimestamp(input.at ?? new Date());
        const row = await trx
          .insertInto('status_changes')
          .values({ dossier_id: input.dossierId, desk_id: dossier.desk_id, status: input.status, at, note: input.note ?? null, source: input.source })
          .returning('seq')
          .executeTakeFirstOrThrow();
        await audit(trx, input.source, 'status', input.dossierId, { status: input.status, ...(input.note ? { note: input.note } : {}) });
        await enqueuePortalStatus(trx, input.dossierId, row.seq);
        return { seq: row.seq, dossierId: input.dossierId, status: input.status, at, ...(input.note ? { note: input.note } : {}) };
      });
      queued();
      return change;
    },

    /** The desk's own status feed after a cursor, in order. */
    async statusFeed(desk: HubDesk, cursor: number, limit: number): Promise<{ cursor: number; changes: HubStatusChange[] }> {
      const rows = await db
        .selectFrom('status_changes')
        .select(['seq', 'dossier_id', 'status', 'at', 'note', 'review_state', 'review_reason', 'reviewer_name'])
        .where('desk_id', '=', desk.id)
        .where('seq', '>', cursor)
        .orderBy('seq')
        .limit(limit)
        .execute();
      const changes = rows.map((row) => ({
        seq: row.seq,
        dossierId: row.dossier_id,
        status: row.status,
        at: row.at,
        ...(row.note ? { note: row.note } : {}),
        ...(row.review_state ? { review: { state: row.review_state, ...(row.review_reason ? { reason: row.review_reason } : {}), ...(row.reviewer_name ? { reviewer: row.reviewer_name } : {}) } } : {}),
      }));
      return { cursor: changes.at(-1)?.seq ?? cursor, changes };
    },

    async dossier(id: string): Promise<HubDossierView | undefined> {
      const row = await db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const files = await db.selectFrom('dossier_files').selectAll().where('dossier_id', '=', id).where('revision', '=', row.revision).orderBy('name').execute();
      return {
        id: row.id,
        revision: row.revision,
        deskId: row.desk_id,
        code: row.code,
        metadata: row.metadata as DossierDeclaration,
        declaredAt: row.declared_at,
        deliveredAt: row.delivered_at,
        files: files.map((file) => ({ name: file.name, sha256: file.sha256, size: Number(file.size), uploadId: file.upload_id, storedAt: file.stored_at })),
      };
    },

    async dossierIds(): Promise<string[]> {
      const rows = await db.selectFrom('dossiers').select('id').orderBy('declared_at').execute();
      return rows.map((row) => row.id);
    },

    /** Walks the hub's audit chain: the first entry whose hash does not follow from its content and predecessor. */
    async verifyAudit(): Promise<{ entries: number; brokenAt?: number }> {
      const rows = await db.selectFrom('hub_audit').selectAll().orderBy('seq').execute();
      let previous = GENESIS_HASH;
      for (const row of rows) {
        const expected = sha256(canonicalJson({ previous, at: row.at.toISOString(), actor: row.actor, action: row.action, subject: row.subject, detail: row.detail }));
        if (row.previous_hash !== previous || row.hash !== expected) return { entries: rows.length, brokenAt: row.seq };
        previous = row.hash;
      }
      return { entries: rows.length };
    },
  };
}

export type HubStore = ReturnType<typeof createHubStore>;
