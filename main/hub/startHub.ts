import path from 'node:path';
import { openHubDatabase, type HubDatabase } from './database/openHubDatabase';
import { createHubStore, type HubStore } from './createHubStore';
import { createHubServer, type HubServerOptions, type HubServerStats } from './createHubServer';
import { createOfficeStore, type OfficeStore } from './createOfficeStore';
import { createHubPortal, type HubPortal } from './portal/createHubPortal';
import { createKeyFileCipher } from '../secrets/createKeyFileCipher';

/** The hub's own key (0600, beside its data): it seals the portal password and link-signing key in the database. */
export function hubKeyFile(dataDir: string): string {
  return path.join(dataDir, 'hub-secret.key');
}

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
  /**
   * The relay to the national portal runs in the hub's process and sends once the portal is
   * configured (`hub portal configure`); `false` keeps it from starting (rows still queue).
   */
  portalRelay?: false | { pollMs?: number; batchSize?: number };
}

export interface Hub {
  url: string;
  store: HubStore;
  /** The supervisor's office-wide queries. */
  office: OfficeStore;
  /** The national portal: settings, mappings, relay outbox and relay. */
  portal: HubPortal;
  database: HubDatabase;
  filesDir: string;
  stats: HubServerStats;
  cleanUpExpiredUploads(): Promise<number>;
  close(): Promise<void>;
}

/** The office hub: its database brought up to date, then the server desks talk to. */
export async function startHub(options: HubOptions): Promise<Hub> {
  const database = await openHubDatabase({ dataDir: path.join(options.dataDir, 'database'), ...(options.databaseUrl ? { url: options.databaseUrl } : {}) });
  let portalQueued: () => void = () => undefined;
  const store = createHubStore(database.db, { portalQueued: () => portalQueued() });
  const office = createOfficeStore(database.db, store);
  const portal = createHubPortal(database.db, createKeyFileCipher(hubKeyFile(options.dataDir)));
  const filesDir = options.filesDir ?? path.join(options.dataDir, 'files');
  let server;
  try {
    server = await createHubServer({
      store,
      office,
      portal,
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
  const hubServer = server;
  if (options.portalRelay !== false) {
    const relay = portal.startRelay({ hubUrl: () => hubServer.url, ...(options.portalRelay ?? {}) });
    portalQueued = () => relay.nudge();
  }
  return {
    url: server.url,
    store,
    office,
    portal,
    database,
    filesDir,
    stats: server.stats,
    cleanUpExpiredUploads: () => server.cleanUpExpiredUploads(),
    async close() {
      await portal.stop();
      await server.close();
      await database.close();
    },
  };
}
