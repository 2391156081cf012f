import { sql, type Kysely } from 'kysely';

/**
 * Leases of dossier-code blocks keyed by a request id the desk chose and stored before it asked:
 * the same (desk, request id) again, after an answer lost on the way, is answered with the blocks
 * of the first lease instead of leasing more. Blocks leased before this (and by desks that send no
 * id) have none. One lease's blocks share the id, so it is an index, not a unique key; leases run
 * one at a time under the hub's advisory lock, which is what keeps a request id to one lease.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE code_blocks ADD COLUMN request_id uuid`.execute(db);
  await sql`CREATE INDEX code_blocks_by_request ON code_blocks (desk_id, request_id) WHERE request_id IS NOT NULL`.execute(db);
}
