import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { startHub, type HubOptions } from '../../../main/hub/startHub';
import { startPostgresCluster, type PostgresCluster } from './startPostgresCluster';

export type HubDatabaseKind = 'pglite' | 'postgres';

/**
 * For a test file that runs each case on PGlite and on a real PostgreSQL server: starts a throw-away
 * cluster before the file and removes it and every folder made after. Each `hubOptions` call is a
 * database of its own: a new folder for PGlite, a new database on the server.
 */
export function useHubDatabases(prefix: string) {
  let postgres: PostgresCluster | undefined;
  const dirs: string[] = [];
  let databaseCounter = 0;
  beforeAll(async () => {
    postgres = await startPostgresCluster();
  });
  afterAll(async () => {
    await postgres?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function newDir(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), `motcua-${prefix}-`));
    dirs.push(dir);
    return dir;
  }

  async function hubOptions(kind: HubDatabaseKind): Promise<HubOptions> {
    const dataDir = await newDir();
    if (kind === 'pglite') return { dataDir };
    if (!postgres) throw new Error('the PostgreSQL cluster did not start');
    const name = `${prefix}_test_${process.pid}_${++databaseCounter}`;
    const admin = await startHub({ dataDir: await newDir(), databaseUrl: postgres.url });
    await sql.raw(`CREATE DATABASE ${name}`).execute(admin.database.db);
    await admin.close();
    return { dataDir, databaseUrl: postgres.url.replace(/\/postgres$/, `/${name}`) };
  }

  return { newDir, hubOptions };
}
