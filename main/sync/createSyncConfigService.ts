import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeskEmitters, DeskServices, SyncConfig, SyncConfigUpdate } from '../../preload/contract';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import type { SecretStore } from '../secrets/createSecretStore';

const TOKEN_SECRET = 'sync.token';

interface StoredSyncConfig {
  serverUrl: string | null;
  concurrency: number;
}

export interface SyncConfigOptions {
  dataDir: string;
  secrets: SecretStore;
  emit: DeskEmitters['sync'];
  /** Used only when nothing is stored yet (pilots, tests). */
  defaults?: Partial<StoredSyncConfig>;
}

export type SyncConfigService = DeskServices['sync'] & {
  /** The configured server's origin, read synchronously by the Content-Security-Policy of every response. */
  serverOrigin(): string | undefined;
};

function readStored(file: string, defaults: Partial<StoredSyncConfig>): StoredSyncConfig {
  const fallback: StoredSyncConfig = { serverUrl: defaults.serverUrl ?? null, concurrency: defaults.concurrency ?? 1 };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
  try {
    const parsed = JSON.parse(text) as Partial<StoredSyncConfig>;
    return {
      serverUrl: typeof parsed.serverUrl === 'string' ? parsed.serverUrl : null,
      concurrency: Number.isInteger(parsed.concurrency) && parsed.concurrency! >= 1 && parsed.concurrency! <= 8 ? parsed.concurrency! : 1,
    };
  } catch {
    // A damaged settings file must not stop the desk: it works offline until reconfigured.
    return fallback;
  }
}

/**
 * The sync settings of this desk: server address and concurrency in `<dataDir>/sync.json`
 * (written atomically), the token in the secret store. Changes are pushed to every window.
 */
export function createSyncConfigService(options: SyncConfigOptions): SyncConfigService {
  const file = path.join(options.dataDir, 'sync.json');
  let stored = readStored(file, options.defaults ?? {});

  const describe = async (): Promise<SyncConfig> => ({
    serverUrl: stored.serverUrl,
    hasToken: (await options.secrets.get(TOKEN_SECRET)) !== undefined,
    concurrency: stored.concurrency,
    protection: options.secrets.protection,
  });

  return {
    serverOrigin() {
      return stored.serverUrl ? new URL(stored.serverUrl).origin : undefined;
    },
    getConfig: describe,
    async setConfig(update: SyncConfigUpdate) {
      const next: StoredSyncConfig = {
        serverUrl: update.serverUrl ? update.serverUrl.replace(/\/+$/, '') : null,
        concurrency: update.concurrency ?? stored.concurrency,
      };
      try {
        await mkdir(options.dataDir, { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(next, null, 2));
        await rename(temporary, file);
        if (update.token === null) await options.secrets.delete(TOKEN_SECRET);
        else if (update.token !== undefined) await options.secrets.set(TOKEN_SECRET, update.token);
      } catch (error) {
        throw new DeskFailure('sync-config-not-saved', 'Không lưu được cấu hình đồng bộ.', (error as Error).message, { cause: error });
      }
      stored = next;
      const config = await describe();
      options.emit.configChanged(config);
      return config;
    },
    async credentials() {
      return { serverUrl: stored.serverUrl, token: (await options.secrets.get(TOKEN_SECRET)) ?? null, concurrency: stored.concurrency };
    },
  };
}
