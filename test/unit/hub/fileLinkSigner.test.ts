import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFileLinkSigner } from '../../../main/hub/portal/createFileLinkSigner';

const grant = { dossierId: '5b1e0000-0000-4000-8000-000000000001', name: '000.00.16.H27-261203-0001_thanh-phan-1.pdf', sha256: 'a'.repeat(64), expiresAt: 2_000_000_000 };

describe('the signed links the portal fetches files with', () => {
  const signer = createFileLinkSigner(randomBytes(32));

  it('opens exactly the granted file until it expires', () => {
    const token = signer.sign(grant);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(signer.check(token, grant.expiresAt - 1)).toEqual({ ok: true, grant });
    expect(signer.check(token, grant.expiresAt)).toEqual({ ok: false, reason: 'expired' });
    // Vietnamese names and any characters survive the trip.
    const named = { ...grant, name: 'Giấy khai sinh (bản sao) / số 2.pdf' };
    expect(signer.check(signer.sign(named), 0)).toEqual({ ok: true, grant: named });
  });

  it('refuses a token signed with another key, or for another grant', () => {
    const other = createFileLinkSigner(randomBytes(32));
    expect(other.check(signer.sign(grant), 0)).toEqual({ ok: false, reason: 'bad-signature' });
    const [payload] = signer.sign(grant).split('.');
    const [, signature] = signer.sign({ ...grant, sha256: 'b'.repeat(64) }).split('.');
    expect(signer.check(`${payload}.${signature}`, 0)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses every change to a token, one character anywhere (fuzzed)', () => {
    const token = signer.sign(grant);
    // The last character, every other spelling of it (its two low bits are unused by base64).
    for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      if (character !== token.at(-1)) expect(signer.check(`${token.slice(0, -1)}${character}`, 0).ok).toBe(false);
    }
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), (index, character) => {
        fc.pre(token[index] !== character);
        const changed = `${token.slice(0, index)}${character}${token.slice(index + 1)}`;
        expect(signer.check(changed, 0).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws and never opens anything for arbitrary input (fuzzed)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 3_000 }), fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{1,400}$/), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/)).map(([a, b]) => `${a}.${b}`)), (text) => {
        expect(signer.check(text, 0).ok).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});
