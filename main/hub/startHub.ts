import path from 'node:path';
import { openHubDatabase, type HubDatabase } from './database/openHubDatabase';
import { createHubStore, type HubStore } from './createHubStore';
import { createHubServer, type HubServerOptions, type HubServerStats } from './createHubServer';
import { createOfficeStore, type OfficeStore } from './createOfficeStore';

export interface HubOptions {
  /** The hub's folder: the embedded database and, unless `filesDir` says otherwise, the files. */
  dataDir: string;
  /** A PostgreSQL server (`postgres://…`) instead of the embedded database. */
  databaseUrl?: string;
  filesDir?: string;
  listen?: string;
  tls?: HubServerOptions['tls'];
  uploadExpiryMs?: number;
  rateLimit?: HubServerOptions['rateLimit'];
  adminToken?: string;
  /** See HubServerOptions.idleTimeoutMs. */
  idleTimeoutMs?: number;
  /** See HubServerOptions.diskFullRetryAfterSeconds. */
  diskFullRetryAfterSeconds?: number;
}

export interface Hub {
  url: string;
  store: HubStore;
  /** The supervisor's office-wide queries. */
  office: OfficeStore;
  database: HubDatabase;
  filesDir: string;
  stats: HubServerStats;
  cleanUpExpiredUploads(): Promise<number>;
  close(): Promise<void>;
}

/** The office hub: its database brought up to date, then the server desks talk to. */
export async function startHub(options: HubOptions): Promise<Hub> {
  const database = await openHubDatabase({ dataDir: path.join(options.dataDir, 'database'), ...(options.databaseUrl ? { url: options.databaseUrl } : {}) });
  const store = createHubStore(database.db);
  const office = createOfficeStore(database.db, store);
  const filesDir = options.filesDir ?? path.join(options.dataDir, 'files');
  let server;
  try {
    server = await createHubServer({
      store,
      office,
      filesDir,
      listen: options.listen ?? '127.0.0.1:0',
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.uploadExpiryMs ? { uploadExpiryMs: options.uploadExpiryMs } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.adminToken ? { adminToken: options.adminToken } : {}),
      ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      ...(options.diskFullRetryAfterSeconds ? { diskFullRetryAfterSeconds: options.diskFullRetryAfterSeconds } : {}),
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    url: server.url,
    store,
    office,
    database,
    filesDir,
    stats: server.stats,
    cleanUpExpiredUploads: () => server.cleanUpExpiredUploads(),
    async close() {
      await server.close();
      await database.close();
    },
  };
}
