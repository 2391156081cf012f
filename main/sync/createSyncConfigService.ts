import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeskEmitters, DeskEnrolment, DeskServices, SyncConfig, SyncConfigUpdate, SyncEnrolRequest } from '../../preload/contract';
import { DeskEnrolmentSchema } from '../../preload/contract/sync';
import { enrolWithHub } from './enrolWithHub';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import type { SecretStore } from '../secrets/createSecretStore';

const TOKEN_SECRET = 'sync.token';

interface StoredSyncConfig {
  serverUrl: string | null;
  concurrency: number;
  /** The office hub enrolment the token belongs to; dropped when the address or token is changed by hand. */
  enrolment?: DeskEnrolment;
}

export interface SyncConfigOptions {
  dataDir: string;
  secrets: SecretStore;
  emit: DeskEmitters['sync'];
  /** Used only when nothing is stored yet (pilots, tests). */
  defaults?: Partial<Omit<StoredSyncConfig, 'enrolment'>>;
  /** The network for enrolment (tests of unreachable hubs pass their own); Node's fetch by default. */
  fetch?: typeof fetch;
}

export type SyncConfigService = DeskServices['sync'] & {
  /** The configured server's origin, read synchronously by the Content-Security-Policy of every response. */
  serverOrigin(): string | undefined;
};

function readStored(file: string, defaults: Partial<Omit<StoredSyncConfig, 'enrolment'>>): StoredSyncConfig {
  const fallback: StoredSyncConfig = { serverUrl: defaults.serverUrl ?? null, concurrency: defaults.concurrency ?? 1 };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
  try {
    const parsed = JSON.parse(text) as Partial<StoredSyncConfig>;
    const enrolment = DeskEnrolmentSchema.safeParse(parsed.enrolment);
    return {
      serverUrl: typeof parsed.serverUrl === 'string' ? parsed.serverUrl : null,
      concurrency: Number.isInteger(parsed.concurrency) && parsed.concurrency! >= 1 && parsed.concurrency! <= 8 ? parsed.concurrency! : 1,
      ...(enrolment.success ? { enrolment: enrolment.data } : {}),
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
    enrolment: stored.enrolment ?? null,
  });

  /** Writes sync.json atomically and the token (undefined keeps it, null deletes it), then tells every window. */
  const persist = async (next: StoredSyncConfig, token: string | null | undefined, failure: { code: string; message: string }): Promise<SyncConfig> => {
    try {
      await mkdir(options.dataDir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(next, null, 2));
      await rename(temporary, file);
      if (token === null) await options.secrets.delete(TOKEN_SECRET);
      else if (token !== undefined) await options.secrets.set(TOKEN_SECRET, token);
    } catch (error) {
      throw new DeskFailure(failure.code, failure.message, (error as Error).message, { cause: error });
    }
    stored = next;
    const config = await describe();
    options.emit.configChanged(config);
    return config;
  };

  return {
    serverOrigin() {
      return stored.serverUrl ? new URL(stored.serverUrl).origin : undefined;
    },
    getConfig: describe,
    async setConfig(update: SyncConfigUpdate) {
      const serverUrl = update.serverUrl ? update.serverUrl.replace(/\/+$/, '') : null;
      // The enrolment stays only while the desk keeps the hub's address and the hub's token.
      const keepsEnrolment = stored.enrolment && serverUrl === stored.serverUrl && update.token === undefined;
      const next: StoredSyncConfig = {
        serverUrl,
        concurrency: update.concurrency ?? stored.concurrency,
        ...(keepsEnrolment ? { enrolment: stored.enrolment } : {}),
      };
      return persist(next, update.token, { code: 'sync-config-not-saved', message: 'Không lưu được cấu hình đồng bộ.' });
    },
    async enrol(request: SyncEnrolRequest) {
      const hubUrl = request.hubUrl.replace(/\/+$/, '');
      const { enrolment, token } = await enrolWithHub({ hubUrl, code: request.code, ...(options.fetch ? { fetch: options.fetch } : {}) });
      return persist({ serverUrl: hubUrl, concurrency: stored.concurrency, enrolment }, token, {
        code: 'sync-enrol-not-saved',
        message: `Bàn đã được máy chủ đơn vị ghi nhận là "${enrolment.deskName}" nhưng không lưu được mã truy cập vào máy; xin quản trị viên thu hồi bàn đó, cấp mã mới rồi đăng ký lại.`,
      });
    },
    async credentials() {
      return { serverUrl: stored.serverUrl, token: (await options.secrets.get(TOKEN_SECRET)) ?? null, concurrency: stored.concurrency, enrolment: stored.enrolment ?? null };
    },
  };
}
