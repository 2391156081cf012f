/**
 * Migration 0006 on a hub that already holds dossiers (PGlite and PostgreSQL): everything delivered
 * and every status change is queued for the national portal in the order it happened, a status
 * change recorded before its dossier's delivery right after that delivery, and one of a dossier
 * never delivered parked until it is.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { HubTables } from '../../../main/hub/database/HubTables';
import { hubMigrations } from '../../../main/hub/database/migrations';
import { useHubDatabases } from '../../support/hub/useHubDatabases';

const { hubOptions } = useHubDatabases('portalmig');
const id = (n: number) => `5b1e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function databaseOf(kind: 'pglite' | 'postgres'): Promise<Kysely<HubTables>> {
  if (kind === 'pglite') return new Kysely<HubTables>({ dialect: new PGliteDialect({ pglite: await PGlite.create() }) });
  // A database of its own on the test's server, emptied of what startHub made in it.
  const { databaseUrl } = await hubOptions('postgres');
  const db = new Kysely<HubTables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2 }) }) });
  await sql`DROP SCHEMA public CASCADE`.execute(db);
  await sql`CREATE SCHEMA public`.execute(db);
  return db;
}

describe.each(['pglite', 'postgres'] as const)('migration 0006_portal_relay on %s', (kind) => {
  it('queues what the hub already held, oldest first, each status change after its dossier\'s delivery', async () => {
    const db = await databaseOf(kind);
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => hubMigrations }, migrationTableName: 'hub_migrations', migrationLockTableName: 'hub_migrations_lock' });
      expect((await migrator.migrateTo('0005_code_block_requests')).error).toBeUndefined();
      const desk = id(900);
      await sql`INSERT INTO desks (id, name, role, token_sha256, slot) VALUES (${desk}, 'Bàn 1', 'desk', 'x', 1)`.execute(db);
      const dossier = (n: number, deliveredAt: string | null) =>
        sql`INSERT INTO dossiers (id, desk_id, code, digest, metadata, declared_at, delivered_at, revision) VALUES (${id(n)}, ${desk}, ${`000.00.16.H27-261203-000${n}`}, 'd', '{}'::jsonb, '2026-12-03T01:00:00Z', ${deliveredAt}::timestamptz, ${n === 2 ? 2 : 1})`.execute(db);
      const status = (n: number, status: number, at: string) => sql`INSERT INTO status_changes (dossier_id, desk_id, status, at, source, created_at) VALUES (${id(n)}, ${desk}, ${status}, '20261203080000', 'test', ${at}::timestamptz)`.execute(db);
      await dossier(1, '2026-12-03T02:00:00Z');
      await dossier(2, '2026-12-03T03:00:00Z');
      await dossier(3, null);
      await status(2, 4, '2026-12-03T02:30:00Z'); // before dossier 2 was delivered
      await status(1, 4, '2026-12-03T02:45:00Z');
      await status(3, 4, '2026-12-03T04:00:00Z'); // dossier 3 never delivered
      await status(1, 9, '2026-12-03T05:00:00Z');
      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      const rows = await db.selectFrom('portal_outbox').selectAll().orderBy('id').execute();
      const seqOf = async (n: number, value: number) => (await db.selectFrom('status_changes').select('seq').where('dossier_id', '=', id(n)).where('status', '=', value).executeTakeFirstOrThrow()).seq;
      const ordered = rows.filter((row) => row.ordinal !== null).sort((a, b) => Number(a.ordinal) - Number(b.ordinal));
      expect(ordered.map((row) => [row.kind, row.dossier_id, row.revision, row.status_seq])).toEqual([
        ['dossier', id(1), 1, null],
        ['status', id(1), null, await seqOf(1, 4)],
        ['dossier', id(2), 2, null],
        ['status', id(2), null, await seqOf(2, 4)],
        ['status', id(1), null, await seqOf(1, 9)],
      ]);
      expect(rows.filter((row) => row.ordinal === null).map((row) => [row.kind, row.dossier_id])).toEqual([['status', id(3)]]);
      expect(rows.every((row) => row.state === 'waiting' && row.attempts === 0)).toBe(true);
      // The portal's own status list is the mapping until the administrator changes it.
      expect((await db.selectFrom('portal_statuses').selectAll().orderBy('local_status').execute()).map((row) => [row.local_status, row.portal_status])).toEqual(Array.from({ length: 10 }, (_, index) => [index + 1, String(index + 1)]));
    } finally {
      await db.destroy();
    }
  });
});
