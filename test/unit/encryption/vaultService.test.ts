import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIpcRouter } from '../../../main/ipc/createIpcRouter';
import { createServices } from '../../../main/services/createServices';
import { createHostSecretStore } from '../../../main/services/createServices';
import { createVaultService, DATA_KEY_SECRET } from '../../../main/vault/createVaultService';

describe('the data key kept by main', () => {
  it('is created once, kept encrypted in the secret store, and the same for every caller and restart', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-vault-'));
    const router = createIpcRouter(createServices({ dataDir, version: 't', mode: 'training', host: 'cli', sink: () => undefined }));
    const [a, b] = await Promise.all([router.handle('desk:vault:dataKey', []), router.handle('desk:vault:dataKey', [])]);
    expect(a).toMatchObject({ ok: true, value: { protection: 'key-file' } });
    expect(b).toEqual(a);
    const key = (a as { value: { key: string } }).value.key;
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    // Not in clear on disk.
    expect(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')).not.toContain(key);
    const restarted = createVaultService({ store: () => createHostSecretStore({ dataDir }) });
    expect((await restarted.dataKey()).key).toBe(key);
    expect(await createHostSecretStore({ dataDir }).get(DATA_KEY_SECRET)).toBe(key);
  });

  it('says in Vietnamese when the keychain is missing', async () => {
    const vault = createVaultService({
      store: () => {
        throw new Error('Hệ điều hành không cung cấp kho khóa để bảo vệ dữ liệu bí mật.');
      },
    });
    await expect(vault.dataKey()).rejects.toMatchObject({ code: 'vault-unavailable', userMessage: expect.stringContaining('kho khóa') });
  });
});
