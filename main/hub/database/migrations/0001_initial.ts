import { sql, type Kysely } from 'kysely';

/** Desks, enrolment, dossiers with their files, the status feed and the hub's audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE desks (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('desk', 'supervisor')),
      token_sha256 text NOT NULL UNIQUE,
      slot integer NOT NULL UNIQUE CHECK (slot BETWEEN 1 AND 9999),
      enrolled_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`.execute(db);
  // A revoked desk's name may be enrolled again (a replaced machine); its slot is never reused.
  await sql`CREATE UNIQUE INDEX desks_active_name ON desks (name) WHERE revoked_at IS NULL`.execute(db);
  await sql`
    CREATE TABLE enrolment_codes (
      code_sha256 text PRIMARY KEY,
      desk_name text NOT NULL,
      role text NOT NULL CHECK (role IN ('desk', 'supervisor')),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      desk_id uuid REFERENCES desks (id)
    )`.execute(db);
  await sql`
    CREATE TABLE dossiers (
      id uuid PRIMARY KEY,
      desk_id uuid NOT NULL REFERENCES desks (id),
      code text NOT NULL,
      digest text NOT NULL,
      metadata jsonb NOT NULL,
      declared_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX dossiers_by_desk ON dossiers (desk_id, declared_at)`.execute(db);
  await sql`
    CREATE TABLE dossier_files (
      dossier_id uuid NOT NULL REFERENCES dossiers (id),
      name text NOT NULL,
      sha256 text NOT NULL,
      size bigint NOT NULL,
      upload_id text,
      stored_at timestamptz,
      PRIMARY KEY (dossier_id, name)
    )`.execute(db);
  await sql`
    CREATE TABLE status_changes (
      seq integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      dossier_id uuid NOT NULL REFERENCES dossiers (id),
      desk_id uuid NOT NULL REFERENCES desks (id),
      status smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
      at char(14) NOT NULL,
      note text,
      source text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX status_changes_by_desk ON status_changes (desk_id, seq)`.execute(db);
  await sql`
    CREATE TABLE hub_audit (
      seq integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      action text NOT NULL,
      subject text NOT NULL,
      detail jsonb NOT NULL,
      previous_hash char(64) NOT NULL,
      hash char(64) NOT NULL UNIQUE
    )`.execute(db);
}
