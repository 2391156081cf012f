import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link lets the portal read: one stored file of one dossier, by its exact bytes, until `expiresAt`. */
export interface FileLinkGrant {
  dossierId: string;
  name: string;
  sha256: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type FileLinkCheck = { ok: true; grant: FileLinkGrant } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const TOKEN = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{43})$/;

/**
 * Signs and checks the tokens of the file links the hub gives the portal (TaiLieuNop's
 * DuongDanTaiTepTin): HMAC-SHA256 over the grant, with a key only the hub holds. A token names
 * the file by dossier, name and SHA-256, so it opens those bytes and nothing else, and only until
 * it expires; any change to it breaks the signature. Checking never throws.
 */
export function createFileLinkSigner(key: Buffer) {
  const mac = (payload: string) => createHmac('sha256', key).update('motcua-portal-file-link\u0000').update(payload).digest();
  return {
    sign(grant: FileLinkGrant): string {
      const payload = Buffer.from(JSON.stringify([grant.dossierId, grant.name, grant.sha256, grant.expiresAt]), 'utf8').toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },

    check(token: string, nowSeconds: number): FileLinkCheck {
      const match = TOKEN.exec(token);
      if (!match) return { ok: false, reason: 'malformed' };
      const [, payload, signature] = match as unknown as [string, string, string];
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      // Re-encoded too: the last base64 character carries two unused bits, so another spelling of the same bytes is refused.
      if (given.length !== expected.length || !timingSafeEqual(given, expected) || given.toString('base64url') !== signature) return { ok: false, reason: 'bad-signature' };
      let fields: unknown;
      try {
        fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (!Array.isArray(fields) || fields.length !== 4) return { ok: false, reason: 'malformed' };
      const [dossierId, name, sha256, expiresAt] = fields as unknown[];
      if (typeof dossierId !== 'string' || !UUID.test(dossierId) || typeof name !== 'string' || typeof sha256 !== 'string' || !HEX64.test(sha256) || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
        return { ok: false, reason: 'malformed' };
      }
      if (expiresAt <= nowSeconds) return { ok: false, reason: 'expired' };
      return { ok: true, grant: { dossierId, name, sha256, expiresAt } };
    },
  };
}

export type FileLinkSigner = ReturnType<typeof createFileLinkSigner>;
