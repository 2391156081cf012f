import { Dexie, type EntityTable } from 'dexie';
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
  SyncStateEntry,
  User,
} from './types';

export const DATABASE_NAME = 'mot-cua-desk';

/**
 * The desk's local database: all work is stored here first, so the desk works with no network.
 * Versions only append: a change is a new `this.version(n)` with its data move in `.upgrade()`.
 * The UI thread and the workers each open their own instance of the same database.
 */
export class DeskDatabase extends Dexie {
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
  }
}

let instance: DeskDatabase | undefined;

/** The shared database of this realm (UI thread or one worker). */
export function getDatabase(): DeskDatabase {
  instance ??= new DeskDatabase();
  return instance;
}
