import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretCipher } from './SecretCipher';

const MAGIC = Buffer.from('MCK1');

/**
 * AES-256-GCM with a random key kept in a 0600 file: the stand-in for the OS keychain where Electron's
 * safeStorage is absent (test host, CLI). Output: magic | 12-byte IV | 16-byte tag | cipher text.
 */
export function createKeyFileCipher(keyFile: string): SecretCipher {
  let key: Buffer | undefined;
  const loadKey = (): Buffer => {
    if (key) return key;
    if (existsSync(keyFile)) {
      key = readFileSync(keyFile);
      if (key.length !== 32) throw new Error(`Tệp khóa bí mật hỏng (${keyFile}): độ dài ${key.length} byte, cần 32.`);
    } else {
      mkdirSync(path.dirname(keyFile), { recursive: true });
      key = randomBytes(32);
      writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' });
      chmodSync(keyFile, 0o600);
    }
    return key;
  };
  return {
    protection: 'key-file',
    isEncryptionAvailable: () => true,
    encryptString(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', loadKey(), iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      if (encrypted.length < MAGIC.length + 28 || !encrypted.subarray(0, MAGIC.length).equals(MAGIC)) {
        throw new Error('Dữ liệu bí mật không đúng định dạng.');
      }
      const iv = encrypted.subarray(4, 16);
      const tag = encrypted.subarray(16, 32);
      const decipher = createDecipheriv('aes-256-gcm', loadKey(), iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(encrypted.subarray(32)), decipher.final()]).toString('utf8');
    },
  };
}
