import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashPassword, MIN_PBKDF2_ITERATIONS, passwordProblem, verifyPassword } from '../../../preload/shared/domain/auth/passwordHash';

describe('password hashing (PBKDF2-SHA256, per-user salt)', () => {
  it('verifies the right password, refuses a wrong one, and salts every hash differently', async () => {
    const first = await hashPassword('Mật-khẩu dài 2026');
    const second = await hashPassword('Mật-khẩu dài 2026');
    expect(first.algorithm).toBe('PBKDF2-SHA256');
    expect(first.iterations).toBeGreaterThanOrEqual(210_000);
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(Buffer.from(first.hash, 'base64')).toHaveLength(32);
    expect(await verifyPassword('Mật-khẩu dài 2026', first)).toBe(true);
    expect(await verifyPassword('Mật-khẩu dài 2027', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
  });

  it('matches the RFC 8018 construction computed independently by Node', async () => {
    const { pbkdf2Sync } = await import('node:crypto');
    const stored = await hashPassword('kiểm tra độc lập');
    const expected = pbkdf2Sync(Buffer.from('kiểm tra độc lập'.normalize('NFC')), Buffer.from(stored.salt, 'base64'), stored.iterations, 32, 'sha256');
    expect(stored.hash).toBe(expected.toString('base64'));
  });

  it('treats composed and decomposed Vietnamese letters as the same password', async () => {
    const composed = 'Trần Thị Ánh 12'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it('refuses records weakened below the iteration floor or with another algorithm', async () => {
    const stored = await hashPassword('mot-mat-khau-tot');
    expect(await verifyPassword('mot-mat-khau-tot', { ...stored, iterations: 1000 })).toBe(false);
    expect(await verifyPassword('mot-mat-khau-tot', { ...stored, algorithm: 'MD5' as 'PBKDF2-SHA256' })).toBe(false);
    await expect(hashPassword('mot-mat-khau-tot', MIN_PBKDF2_ITERATIONS - 1)).rejects.toThrow(RangeError);
  });

  it('a single changed character of the password never verifies', async () => {
    const password = 'Bo-phan-mot-cua-01';
    const stored = await hashPassword(password);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: password.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }), async (index, char) => {
        fc.pre(password[index] !== char);
        const changed = password.slice(0, index) + char + password.slice(index + 1);
        expect(await verifyPassword(changed, stored)).toBe(false);
      }),
      { numRuns: 5 },
    );
  });

  it('explains in Vietnamese why a new password is too weak', () => {
    expect(passwordProblem('ngan', 'an')).toBe('Mật khẩu phải có ít nhất 10 ký tự.');
    expect(passwordProblem('nguyenvanan-2026', 'nguyenvanan')).toBe('Mật khẩu không được chứa tên đăng nhập.');
    expect(passwordProblem('aaaaaaaaaaaa', 'x')).toMatch(/quá đơn giản/);
    expect(passwordProblem('Mot-cua-2026!', 'canbo1')).toBeUndefined();
  });
});
