import { Dexie } from 'dexie';
import { tables, type DeskHandle } from '../database';
import type { AuditEntry } from '../types';
import { auditEntryHash, type ChainedAuditEntry } from '../../../preload/shared/audit/auditChain';

/** Queries of the `auditLog` table, the hash-chained audit log. */

/**
 * Appends an entry to the hash chain, linked to the last entry. Must run inside a transaction that
 * includes `auditLog`: the digest is awaited through `Dexie.waitFor`, so the transaction stays open
 * and the chain cannot fork between two writers. The entry is stored as given (actor included).
 */
export async function appendAuditEntry(handle: DeskHandle, entry: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): Promise<void> {
  const db = tables(handle);
  const last = await db.auditLog.orderBy('seq').last();
  const prevHash = last?.hash ?? '';
  const hash = await Dexie.waitFor(auditEntryHash(prevHash, entry));
  await db.auditLog.add({ ...entry, prevHash, hash });
}

/** The whole chain, oldest first (what an export hands to main for verification). */
export async function auditChain(handle: DeskHandle): Promise<ChainedAuditEntry[]> {
  return (await tables(handle).auditLog.orderBy('seq').toArray()) as ChainedAuditEntry[];
}

export function auditEntryCount(handle: DeskHandle): Promise<number> {
  return tables(handle).auditLog.count();
}

/** The entries about one target with one action, oldest first, through the target index. */
export function auditEntriesOf(handle: DeskHandle, target: string, action: string): Promise<AuditEntry[]> {
  return tables(handle)
    .auditLog.where('target')
    .equals(target)
    .filter((entry) => entry.action === action)
    .sortBy('seq');
}
