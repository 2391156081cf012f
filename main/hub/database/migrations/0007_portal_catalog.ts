import { sql, type Kysely } from 'kysely';

/**
 * The procedure catalog pulled from the national portal (`LayDanhSachTTHC`, `LayThuTuc`), in the
 * desk's catalog format, one row per procedure, and one row per pull (when, how many, or the row
 * errors that stopped it). A pull replaces the catalog only when every row was valid; desks fetch
 * the catalog through the hub and replace theirs with it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE portal_catalog (
      code text PRIMARY KEY,
      procedure jsonb NOT NULL,
      pulled_at timestamptz NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE portal_catalog_pulls (
      id bigserial PRIMARY KEY,
      pulled_at timestamptz NOT NULL DEFAULT now(),
      replaced boolean NOT NULL,
      procedures integer NOT NULL,
      errors jsonb NOT NULL
    )`.execute(db);
}
