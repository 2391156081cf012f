import { mkdir } from 'node:fs/promises';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { HubTables } from './HubTables';
import { hubMigrations } from './migrations';
import { HubFailure } from '../HubFailure';

export type HubDatabaseKind = 'pglite' | 'postgres';

export interface HubDatabase {
  db: Kysely<HubTables>;
  kind: HubDatabaseKind;
  /** Where the data lives, without any password. */
  location: string;
  close(): Promise<void>;
}

export interface HubDatabaseOptions {
  /** `postgres://…` / `postgresql://…` for a PostgreSQL server; otherwise unused. */
  url?: string;
  /** Folder of the embedded database when no URL is given. */
  dataDir: string;
}

function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.href;
}

/**
 * Opens the hub's database and brings its schema up to date: an embedded PostgreSQL (PGlite) in a
 * folder by default, so a small office installs nothing, or a PostgreSQL server by URL. Both run
 * the same numbered migrations.
 */
export async function openHubDatabase(options: HubDatabaseOptions): Promise<HubDatabase> {
  let db: Kysely<HubTables>;
  let kind: HubDatabaseKind;
  let location: string;
  if (isPostgresUrl(options.url)) {
    kind = 'postgres';
    location = withoutPassword(options.url);
    // int8 (counts, sizes) as numbers: every value the hub keeps fits well inside 2^53.
    const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) };
    const pool = new pg.Pool({ connectionString: options.url, max: 10, types });
    // An idle connection the server ended (restart, administrator) is replaced on the next query.
    pool.on('error', () => undefined);
    // So does a connection in use when the server goes (a restart ends every session with 57P01):
    // its query fails and is answered 503, the pool drops it on release; without a listener the
    // client's 'error' event would end the hub's process.
    pool.on('connect', (client) => client.on('error', () => undefined));
    db = new Kysely<HubTables>({ dialect: new PostgresDialect({ pool }) });
  } else if (options.url) {
    throw new HubFailure('hub-config', 'Địa chỉ cơ sở dữ liệu phải bắt đầu bằng postgres:// (hoặc bỏ trống để dùng cơ sở dữ liệu nhúng).', `unsupported database URL ${options.url}`);
  } else {
    kind = 'pglite';
    location = options.dataDir;
    await mkdir(options.dataDir, { recursive: true });
    const pglite = await PGlite.create(options.dataDir);
    db = new Kysely<HubTables>({ dialect: new PGliteDialect({ pglite }) });
  }
  try {
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new HubFailure('hub-database-unreachable', 'Không kết nối được cơ sở dữ liệu của máy chủ văn phòng. Kiểm tra địa chỉ, tài khoản và dịch vụ PostgreSQL.', `${location}: ${(error as Error).message}`);
  }
  const results = await migrateHubDatabase(db);
  const failed = results.results?.find((result) => result.status === 'Error');
  if (results.error || failed) {
    await db.destroy().catch(() => undefined);
    throw new HubFailure('hub-migration', 'Không nâng cấp được cấu trúc cơ sở dữ liệu của máy chủ văn phòng.', `migration ${failed?.migrationName ?? '?'}: ${String(results.error)}`);
  }
  return { db, kind, location, close: () => db.destroy() };
}

/** Runs the migrations not yet applied, in order; refuses a database that has one this build does not know. */
export function migrateHubDatabase(db: Kysely<HubTables>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => hubMigrations },
    migrationTableName: 'hub_migrations',
    migrationLockTableName: 'hub_migrations_lock',
  });
  return migrator.migrateToLatest();
}
