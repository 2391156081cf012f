import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretCipher } from './SecretCipher';

/** Named secrets of main (server credentials, data keys), never handed to IndexedDB in clear. */
export interface SecretStore {
  readonly protection: SecretCipher['protection'];
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/**
 * Secrets encrypted one by one with the cipher and kept as base64 in one JSON file, replaced
 * atomically (write to a temporary file, then rename) so a crash never leaves half a file.
 */
export function createSecretStore(options: { file: string; cipher: SecretCipher }): SecretStore {
  const { file, cipher } = options;
  let queue = Promise.resolve();
  const readAll = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  };
  const writeAll = async (all: Record<string, string>) => {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(all), { mode: 0o600 });
    await rename(temporary, file);
  };
  // Writes are serialised so two concurrent `set` calls cannot drop each other's secret.
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
  if (!cipher.isEncryptionAvailable()) throw new Error('Hệ điều hành không cung cấp kho khóa để bảo vệ dữ liệu bí mật.');
  return {
    protection: cipher.protection,
    async get(name) {
      const stored = (await readAll())[name];
      return stored === undefined ? undefined : cipher.decryptString(Buffer.from(stored, 'base64'));
    },
    set: (name, value) =>
      serialised(async () => {
        const all = await readAll();
        all[name] = cipher.encryptString(value).toString('base64');
        await writeAll(all);
      }),
    delete: (name) =>
      serialised(async () => {
        const all = await readAll();
        delete all[name];
        await writeAll(all);
      }),
  };
}
