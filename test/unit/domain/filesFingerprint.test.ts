import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { filesFingerprint } from '../../../preload/shared/domain/filesFingerprint';

const a = { name: 'HS-1_don.pdf', sha256: createHash('sha256').update('a').digest('hex') };
const b = { name: 'HS-1_giay-phep.pdf', sha256: createHash('sha256').update('b').digest('hex') };

describe('seal fingerprint', () => {
  it('is the first 10 hex digits of the SHA-256 of the sorted name/hash lines', async () => {
    const lines = [a, b].map((f) => `${f.name}\t${f.sha256}`).sort().join('\n');
    const expected = createHash('sha256').update(lines).digest('hex').toUpperCase();
    expect(await filesFingerprint([b, a])).toBe(`${expected.slice(0, 5)}-${expected.slice(5, 10)}`);
  });
  it('does not depend on order or hex case, and changes when a file changes, goes or is renamed', async () => {
    const base = await filesFingerprint([a, b]);
    expect(await filesFingerprint([b, { ...a, sha256: a.sha256.toUpperCase() }])).toBe(base);
    expect(await filesFingerprint([a])).not.toBe(base);
    expect(await filesFingerprint([a, { ...b, sha256: createHash('sha256').update('c').digest('hex') }])).not.toBe(base);
    expect(await filesFingerprint([a, { ...b, name: 'khac.pdf' }])).not.toBe(base);
  });
});
