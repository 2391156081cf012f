import { sql, type Kysely } from 'kysely';

/**
 * Blocks of the daily dossier-code sequence leased to desks, per agency code (prefix) and day.
 * Blocks of one prefix and day are handed out in order from 1 under an advisory lock, so they
 * never overlap; the unique key is a second guard. Rows are never deleted: a number leased once
 * is never leased again, even to the same desk.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE code_blocks (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      desk_id uuid NOT NULL REFERENCES desks (id),
      prefix text NOT NULL,
      day char(6) NOT NULL,
      first_number integer NOT NULL CHECK (first_number >= 1),
      last_number integer NOT NULL CHECK (last_number >= first_number AND last_number <= 9999),
      leased_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (prefix, day, first_number)
    )`.execute(db);
  await sql`CREATE INDEX code_blocks_by_desk ON code_blocks (desk_id, prefix, day)`.execute(db);
}
