/**
 * What protects secrets (server tokens, the database key) at rest. In the Electron app this is
 * `safeStorage` (OS keychain / DPAPI / libsecret), whose methods have exactly these shapes; hosts
 * without Electron (test host, CLI) use a key file instead and say so through `protection`.
 */
export interface SecretCipher {
  /** `os-keychain` when the OS protects the key; `key-file` when only file permissions do. */
  readonly protection: 'os-keychain' | 'key-file';
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}
