import { sql, type Kysely } from 'kysely';

/**
 * Relaying to the national public-service portal (Cổng DVC quốc gia): the connector's settings
 * (password and link-signing key sealed with the hub's key file), the administrator's mapping
 * tables (procedure → MaTTHC, local status → portal status, agency → madonvi), and the relay
 * outbox: one row per delivered dossier revision and per status change, in the order the hub
 * recorded them (`ordinal`), marked before it is sent and acknowledged only on the portal's success
 * code. Rows are never deleted. Dossiers and status changes the hub held before this migration are
 * queued here, oldest first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE portal_config (
      id smallint PRIMARY KEY CHECK (id = 1),
      settings jsonb NOT NULL,
      password_sealed text NOT NULL,
      link_key_sealed text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE portal_procedures (
      local_code text PRIMARY KEY,
      ma_tthc text NOT NULL,
      ten_tthc text NOT NULL,
      ma_linh_vuc text NOT NULL,
      ten_linh_vuc text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE portal_statuses (
      local_status smallint PRIMARY KEY CHECK (local_status BETWEEN 1 AND 10),
      portal_status text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // The portal's own list (1 Mới đăng ký … 10 Đã trả kết quả, as preload/shared/domain/dossierStatus.ts names them) until the administrator says otherwise.
  await sql`INSERT INTO portal_statuses (local_status, portal_status) SELECT n, n::text FROM generate_series(1, 10) AS n`.execute(db);
  await sql`
    CREATE TABLE portal_agencies (
      agency_code text PRIMARY KEY,
      madonvi text NOT NULL,
      name text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE SEQUENCE portal_outbox_ordinal`.execute(db);
  await sql`
    CREATE TABLE portal_outbox (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      -- The order rows are sent in; NULL while a status change waits for its dossier's first delivery.
      ordinal bigint UNIQUE,
      kind text NOT NULL CHECK (kind IN ('dossier', 'status')),
      dossier_id uuid NOT NULL REFERENCES dossiers (id),
      revision integer CHECK (revision >= 1),
      status_seq integer UNIQUE REFERENCES status_changes (seq),
      state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'sending', 'acknowledged', 'held')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      sending_since timestamptz,
      last_error text,
      held_code text,
      held_reason text,
      held_at timestamptz,
      sent_as_update boolean,
      acknowledged_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (dossier_id, revision),
      CHECK ((kind = 'dossier') = (revision IS NOT NULL)),
      CHECK ((kind = 'status') = (status_seq IS NOT NULL)),
      CHECK ((state = 'held') = (held_code IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX portal_outbox_open ON portal_outbox (dossier_id, ordinal) WHERE state <> 'acknowledged'`.execute(db);
  await sql`CREATE INDEX portal_outbox_due ON portal_outbox (next_attempt_at) WHERE state = 'waiting'`.execute(db);

  // What the hub already holds, in the order it happened: each delivered dossier, then every status change.
  const { rows } = await sql<{ kind: 'dossier' | 'status'; dossier_id: string; revision: number | null; status_seq: number | null }>`
    SELECT kind, dossier_id, revision, status_seq FROM (
      SELECT 'dossier' AS kind, id AS dossier_id, revision, NULL::integer AS status_seq, delivered_at AS at, 0 AS tie FROM dossiers WHERE delivered_at IS NOT NULL
      UNION ALL
      SELECT 'status', dossier_id, NULL, seq, created_at, seq FROM status_changes
    ) events ORDER BY at, tie`.execute(db);
  const delivered = new Set<string>();
  const parked = new Map<string, number[]>();
  const insert = (kind: 'dossier' | 'status', dossierId: string, revision: number | null, statusSeq: number | null, ordered: boolean) =>
    sql`INSERT INTO portal_outbox (ordinal, kind, dossier_id, revision, status_seq) VALUES (${ordered ? sql`nextval('portal_outbox_ordinal')` : sql`NULL`}, ${kind}, ${dossierId}, ${revision}, ${statusSeq})`.execute(db);
  for (const row of rows) {
    if (row.kind === 'status' && !delivered.has(row.dossier_id)) {
      parked.set(row.dossier_id, [...(parked.get(row.dossier_id) ?? []), row.status_seq!]);
      continue;
    }
    await insert(row.kind, row.dossier_id, row.revision, row.status_seq, true);
    if (row.kind !== 'dossier') continue;
    delivered.add(row.dossier_id);
    // Changes recorded before the dossier was delivered follow its first delivery.
    for (const seq of parked.get(row.dossier_id) ?? []) await insert('status', row.dossier_id, null, seq, true);
    parked.delete(row.dossier_id);
  }
  for (const [dossierId, seqs] of parked) for (const seq of seqs) await insert('status', dossierId, null, seq, false);
}
