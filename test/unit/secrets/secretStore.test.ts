import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyFileCipher } from '../../../main/secrets/createKeyFileCipher';
import { createSecretStore } from '../../../main/secrets/createSecretStore';

describe('secret store', () => {
  it('keeps secrets encrypted on disk and returns them after a restart', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-secrets-'));
    const options = { file: path.join(dir, 'secrets.json'), cipher: createKeyFileCipher(path.join(dir, 'secret.key')) };
    const store = createSecretStore(options);
    await Promise.all([store.set('sync.token', 'mã-bí-mật-123'), store.set('db.key', 'k2')]);
    expect(await readFile(options.file, 'utf8')).not.toContain('mã-bí-mật-123');
    const reopened = createSecretStore({ ...options, cipher: createKeyFileCipher(path.join(dir, 'secret.key')) });
    expect(await reopened.get('sync.token')).toBe('mã-bí-mật-123');
    expect(await reopened.get('db.key')).toBe('k2');
    await reopened.delete('db.key');
    expect(await reopened.get('db.key')).toBeUndefined();
    expect(reopened.protection).toBe('key-file');
  });

  it('refuses a secret encrypted under another key', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-secrets-'));
    const encrypted = createKeyFileCipher(path.join(dir, 'a.key')).encryptString('x');
    expect(() => createKeyFileCipher(path.join(dir, 'b.key')).decryptString(encrypted)).toThrow();
    expect(() => createKeyFileCipher(path.join(dir, 'b.key')).decryptString(Buffer.from('garbage'))).toThrow('không đúng định dạng');
  });
});
