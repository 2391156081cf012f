import { Dexie } from 'dexie';
import type { DeskDatabase } from '../../db/database';
import type { AuditEntry } from '../../db/types';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Appends an entry to the hash-chained audit log. Must run inside a Dexie transaction that includes
 * `auditLog`: the digest is awaited through `Dexie.waitFor` so the transaction stays open and the
 * chain cannot fork between two writers.
 */
export async function appendAudit(db: DeskDatabase, entry: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>): Promise<void> {
  const last = await db.auditLog.orderBy('seq').last();
  const prevHash = last?.hash ?? '';
  const hash = await Dexie.waitFor(sha256Hex(JSON.stringify([prevHash, entry.at, entry.actor, entry.action, entry.target, entry.detail ?? ''])));
  await db.auditLog.add({ ...entry, prevHash, hash });
}
