import { sql, type Kysely } from 'kysely';

/**
 * The supervisor's view across desks: review decisions (accept / send back with a reason), the
 * decision carried in the originating desk's status feed, and indexes for the office-wide list
 * (by received date, and each dossier's latest status).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE dossier_reviews (
      seq integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      dossier_id uuid NOT NULL REFERENCES dossiers (id),
      state text NOT NULL CHECK (state IN ('accepted', 'rescan')),
      reason text,
      reviewer_desk_id uuid NOT NULL REFERENCES desks (id),
      reviewer_name text NOT NULL,
      decided_at timestamptz NOT NULL DEFAULT now(),
      -- Chosen by the supervisor's desk, so a decision sent again after a lost answer is recorded once.
      decision_id uuid NOT NULL UNIQUE,
      feed_seq integer,
      CHECK (state = 'accepted' OR reason IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX dossier_reviews_by_dossier ON dossier_reviews (dossier_id, seq)`.execute(db);
  // A feed entry that carries a review decision; its status is the dossier's status as the hub has it.
  await sql`ALTER TABLE status_changes ADD COLUMN review_state text CHECK (review_state IN ('accepted', 'rescan'))`.execute(db);
  await sql`ALTER TABLE status_changes ADD COLUMN review_reason text`.execute(db);
  await sql`ALTER TABLE status_changes ADD COLUMN reviewer_name text`.execute(db);
  await sql`CREATE INDEX status_changes_by_dossier ON status_changes (dossier_id, seq)`.execute(db);
  await sql`CREATE INDEX dossiers_by_received ON dossiers ((metadata->>'receivedAt'))`.execute(db);
}
