import type { DeskHandle } from '../../db/deskHandle';
import type { AuditEntry } from '../../db/types';
import { appendAuditEntry } from '../../db/queries/audit';
import { getCurrentOfficer } from '../auth/currentOfficer';

/**
 * Appends an entry to the hash-chained audit log. Must run inside a transaction that includes
 * `auditLog` (see `appendAuditEntry`), so the chain cannot fork between two writers. While an
 * officer is signed in on this thread, the entry's actor is that officer's account id (the caller's
 * actor only names who acts where nobody is signed in, or with `explicitActor`, e.g. a failed
 * sign-in names the account that was tried).
 */
export async function appendAudit(db: DeskHandle, entry: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>, options: { explicitActor?: boolean } = {}): Promise<void> {
  const officer = options.explicitActor ? undefined : getCurrentOfficer();
  await appendAuditEntry(db, officer ? { ...entry, actor: officer.id } : entry);
}
