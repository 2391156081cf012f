import { Dexie } from 'dexie';
import type { DeskDatabase } from '../../db/database';
import type { AuditEntry } from '../../db/types';
import { auditEntryHash } from '../../../preload/shared/audit/auditChain';
import { getCurrentOfficer } from '../auth/currentOfficer';

/**
 * Appends an entry to the hash-chained audit log. Must run inside a Dexie transaction that includes
 * `auditLog`: the digest is awaited through `Dexie.waitFor` so the transaction stays open and the
 * chain cannot fork between two writers. While an officer is signed in on this thread, the entry's
 * actor is that officer's account id (the caller's actor only names who acts where nobody is signed in,
 * or with `explicitActor`, e.g. a failed sign-in names the account that was tried).
 */
export async function appendAudit(
  db: DeskDatabase,
  entry: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>,
  options: { explicitActor?: boolean } = {},
): Promise<void> {
  const officer = options.explicitActor ? undefined : getCurrentOfficer();
  const recorded = officer ? { ...entry, actor: officer.id } : entry;
  const last = await db.auditLog.orderBy('seq').last();
  const prevHash = last?.hash ?? '';
  const hash = await Dexie.waitFor(auditEntryHash(prevHash, recorded));
  await db.auditLog.add({ ...recorded, prevHash, hash });
}
