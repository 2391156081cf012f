import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { HubTables } from './database/HubTables';
import { canonicalJson } from './dossierDeclaration';

/** The `previous` hash of the first audit entry. */
export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK = 7_301;

/**
 * Serializes writers of one kind across connections (PostgreSQL). A database with one connection
 * (PGlite) runs its transactions one at a time already, so there the statement is left out: it is
 * one of the few a delivery's every write would otherwise pay for.
 */
export async function lock(trx: Transaction<HubTables>, key: number): Promise<void> {
  if (trx.getExecutor().adapter.supportsMultipleConnections === false) return;
  await sql`SELECT pg_advisory_xact_lock(${key})`.execute(trx);
}

/**
 * Appends one entry to the hub's hash-chained audit log inside the caller's transaction, so the
 * entry commits with the change it records or not at all.
 */
export async function appendHubAudit(trx: Transaction<HubTables>, actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
  await lock(trx, AUDIT_LOCK);
  const last = await trx.selectFrom('hub_audit').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const previous = last?.hash ?? GENESIS_HASH;
  const at = new Date();
  const hash = createHash('sha256').update(canonicalJson({ previous, at: at.toISOString(), actor, action, subject, detail })).digest('hex');
  await trx.insertInto('hub_audit').values({ at, actor, action, subject, detail: JSON.stringify(detail), previous_hash: previous, hash }).execute();
}
