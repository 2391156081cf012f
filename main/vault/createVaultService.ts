import { randomBytes } from 'node:crypto';
import type { DeskServices } from '../../preload/contract';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import type { SecretStore } from '../secrets/createSecretStore';

export const DATA_KEY_SECRET = 'database.dataKey.v1';

/**
 * Hands the renderer the key that encrypts personal data in IndexedDB. The key never touches the
 * renderer's storage: it lives in main's secret store, itself encrypted by the OS keychain, so a
 * copied browser profile without the user's OS login does not open.
 */
export function createVaultService(options: { store: () => SecretStore }): DeskServices['vault'] {
  let pending: Promise<string> | undefined;
  const load = async (): Promise<string> => {
    const store = options.store();
    const existing = await store.get(DATA_KEY_SECRET);
    if (existing) return existing;
    const created = randomBytes(32).toString('base64');
    await store.set(DATA_KEY_SECRET, created);
    return created;
  };
  return {
    async dataKey() {
      // One load at a time, so two windows starting together cannot create two different keys.
      pending ??= load().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      let key: string;
      let protection: 'os-keychain' | 'key-file';
      try {
        key = await pending;
        protection = options.store().protection;
      } catch (error) {
        throw new DeskFailure('vault-unavailable', 'Không mở được kho khóa của hệ điều hành nên không đọc được dữ liệu cá nhân đã mã hóa.', error instanceof Error ? error.message : String(error), { cause: error });
      }
      if (Buffer.from(key, 'base64').length !== 32) throw new DeskFailure('vault-corrupt', 'Khóa dữ liệu trong kho khóa bị hỏng.', `length ${Buffer.from(key, 'base64').length}`);
      return { key, protection };
    },
  };
}
