/**
 * A stored password: PBKDF2-HMAC-SHA-256 through WebCrypto with a random per-user salt. The
 * iteration count is stored with the hash so it can be raised later without breaking old accounts.
 */
export interface PasswordHash {
  algorithm: 'PBKDF2-SHA256';
  iterations: number;
  /** Base64 of 16 random bytes. */
  salt: string;
  /** Base64 of the 32-byte derived key. */
  hash: string;
}

/** OWASP's floor for PBKDF2-HMAC-SHA-256 (2023); never accept less when verifying. */
export const MIN_PBKDF2_ITERATIONS = 210_000;
export const DEFAULT_PBKDF2_ITERATIONS = 210_000;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
}

/** Hashes a password with a fresh salt (Unicode-normalised first, so Vietnamese input methods agree). */
export async function hashPassword(password: string, iterations = DEFAULT_PBKDF2_ITERATIONS): Promise<PasswordHash> {
  if (iterations < MIN_PBKDF2_ITERATIONS) throw new RangeError(`PBKDF2 cần ít nhất ${MIN_PBKDF2_ITERATIONS} vòng lặp.`);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { algorithm: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), hash: toBase64(await derive(password, salt, iterations)) };
}

/**
 * True when the password matches. The comparison reads every byte whatever the first difference, and
 * a record weaker than the floor (tampered or corrupt) never verifies.
 */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.algorithm !== 'PBKDF2-SHA256' || !Number.isInteger(stored.iterations) || stored.iterations < MIN_PBKDF2_ITERATIONS) return false;
  const expected = fromBase64(stored.hash);
  const actual = await derive(password, fromBase64(stored.salt), stored.iterations);
  if (expected.length !== actual.length || expected.length === 0) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected[i]! ^ actual[i]!;
  return difference === 0;
}

/** Why a new password is refused, in Vietnamese; undefined when it is acceptable. */
export function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < 10) return 'Mật khẩu phải có ít nhất 10 ký tự.';
  if (password.length > 256) return 'Mật khẩu dài quá 256 ký tự.';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'Mật khẩu không được chứa tên đăng nhập.';
  if (new Set(password).size < 4) return 'Mật khẩu quá đơn giản: cần ít nhất 4 ký tự khác nhau.';
  return undefined;
}
