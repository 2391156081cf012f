import { Dexie, type EntityTable } from 'dexie';
import { createEncryptionMiddleware, PERSONAL_FIELDS } from './encryption/encryptionMiddleware';
import { getDataKey } from './encryption/dataKeyBroker';
import type {
  Applicant,
  AuditEntry,
  Dossier,
  DossierComponent,
  OutboxItem,
  Page,
  Procedure,
  Setting,
  StoredFile,
  DossierReview,
  SyncStateEntry,
  User,
} from './types';

export const DATABASE_NAME = 'mot-cua-desk';

declare const deskHandleBrand: unique symbol;

/**
 * The database as code outside `renderer/db/` holds it: opaque, so it can only be passed to the
 * query functions of `renderer/db/queries/` (no table, no transaction can be reached through it).
 */
export interface DeskHandle {
  readonly [deskHandleBrand]: 'DeskDatabase';
}

/** The tables behind a handle; for `renderer/db/` only (lint refuses this module elsewhere). */
export function tables(handle: DeskHandle): DeskDatabase {
  return handle as DeskDatabase;
}

/** Names of the desk's tables, for the scope of a transaction. */
export type TableName = 'procedures' | 'dossiers' | 'applicants' | 'components' | 'pages' | 'files' | 'outbox' | 'syncState' | 'auditLog' | 'users' | 'settings' | 'reviews';

/**
 * The desk's local database: all work is stored here first, so the desk works with no network.
 * Versions only append: a change is a new `this.version(n)` with its data move in `.upgrade()`.
 * The UI thread and the workers each open their own instance of the same database.
 */
export class DeskDatabase extends Dexie implements DeskHandle {
  declare readonly [deskHandleBrand]: 'DeskDatabase';
  procedures!: EntityTable<Procedure, 'code'>;
  dossiers!: EntityTable<Dossier, 'id'>;
  applicants!: EntityTable<Applicant, 'id'>;
  components!: EntityTable<DossierComponent, 'id'>;
  pages!: EntityTable<Page, 'id'>;
  files!: EntityTable<StoredFile, 'id'>;
  outbox!: EntityTable<OutboxItem, 'id'>;
  syncState!: EntityTable<SyncStateEntry, 'key'>;
  auditLog!: EntityTable<AuditEntry, 'seq'>;
  users!: EntityTable<User, 'id'>;
  settings!: EntityTable<Setting, 'key'>;
  reviews!: EntityTable<DossierReview, 'dossierId'>;

  constructor(name: string = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      procedures: 'code, name, field',
      dossiers: 'id, code, procedureCode, applicantId, status, createdAt, updatedAt, receivedAt, dueAt, officerId',
      applicants: 'id, idNumber, fullName',
      components: 'id, dossierId, [dossierId+order]',
      pages: 'id, dossierId, componentId, [dossierId+order]',
      files: 'id, dossierId, componentId, sha256',
      outbox: 'id, dossierId, state, nextAttemptAt',
      syncState: 'key',
      auditLog: '++seq, at, actor, action, target',
      users: 'id, &username',
      settings: 'key',
    });
    // v2: index the mirrored portal status for lists and dashboards.
    this.version(2)
      .stores({
        dossiers: 'id, code, procedureCode, applicantId, status, portalStatus, createdAt, updatedAt, receivedAt, dueAt, officerId',
      })
      .upgrade(async (tx) => {
        // Backfill from the status history in the audit log (ascending seq, so the last one wins).
        const latest = new Map<string, number>();
        await tx
          .table<AuditEntry>('auditLog')
          .where('action')
          .equals('dossier-status')
          .each((entry) => {
            const to = (JSON.parse(entry.detail ?? '{}') as { to?: unknown }).to;
            if (typeof to === 'number') latest.set(entry.target, to);
          });
        for (const [dossierId, portalStatus] of latest) await tx.table('dossiers').update(dossierId, { portalStatus });
      });
    // v4: the supervisor's review queue (accept, or send back for rescan with a reason); a new table, nothing to move.
    this.version(4).stores({
      reviews: 'dossierId, state, decidedAt, officerId',
    });
    // v5: the short code over the digitized files' SHA-256 is the files fingerprint; "seal" now means
    // only receiving a dossier. Move the stored field to its new name (no index involved).
    this.version(5).upgrade(async (tx) => {
      await tx
        .table('dossiers')
        .filter((dossier: { sealFingerprint?: unknown }) => dossier.sealFingerprint !== undefined)
        .modify((dossier: { sealFingerprint?: unknown; filesFingerprint?: unknown }) => {
          dossier.filesFingerprint ??= dossier.sealFingerprint;
          delete dossier.sealFingerprint;
        });
    });
  }
}

let instance: DeskDatabase | undefined;

/**
 * The shared database of this realm (UI thread or one worker), with personal data encrypted at rest
 * (renderer/db/encryption): callers read and write plain records. Production code outside
 * `renderer/db/` takes it as a `DeskHandle` through `renderer/db/deskHandle.ts`.
 */
export function sharedDatabase(): DeskDatabase {
  if (!instance) {
    instance = new DeskDatabase();
    instance.use(createEncryptionMiddleware(PERSONAL_FIELDS, getDataKey));
  }
  return instance;
}
