import { sql, type Kysely } from 'kysely';

/**
 * Revisions of a dossier: a desk whose dossier was sent back for rescanning declares it again with
 * a higher revision. The dossier keeps its current revision; every revision's files stay (the old
 * rows and their stored bytes are the record of what was sent back), keyed by revision; and a
 * review decision says which revision it was made on, so a newer revision is pending again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE dossiers ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1)`.execute(db);
  await sql`ALTER TABLE dossier_files ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1)`.execute(db);
  await sql`ALTER TABLE dossier_files DROP CONSTRAINT dossier_files_pkey`.execute(db);
  await sql`ALTER TABLE dossier_files ADD PRIMARY KEY (dossier_id, revision, name)`.execute(db);
  await sql`ALTER TABLE dossier_reviews ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1)`.execute(db);
}
