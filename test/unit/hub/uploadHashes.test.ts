import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUploadHashes } from '../../../main/hub/createUploadHashes';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('createUploadHashes', () => {
  it('gives the digest of an upload sent in PATCHes that each start where the last one ended', () => {
    const hashes = createUploadHashes();
    const bytes = new Uint8Array(3_000).map((_, i) => (i * 7) & 0xff);
    hashes.tap('u1', 0)!.update(bytes.subarray(0, 1_000));
    hashes.tap('u1', 1_000)!.update(bytes.subarray(1_000, 2_500));
    hashes.tap('u1', 2_500)!.update(bytes.subarray(2_500));
    expect(hashes.take('u1', 3_000)).toBe(sha256(bytes));
    // Taken once: a second finish reads the file.
    expect(hashes.take('u1', 3_000)).toBeUndefined();
  });

  it('gives up on an upload whose PATCH resumes short of what was hashed (the tail was received, not written)', () => {
    const hashes = createUploadHashes();
    hashes.tap('u1', 0)!.update(new Uint8Array(1_000));
    expect(hashes.tap('u1', 900)).toBeUndefined();
    expect(hashes.take('u1', 1_000)).toBeUndefined();
  });

  it('keeps no more uploads than its limit, the oldest going first', () => {
    const hashes = createUploadHashes(2);
    hashes.tap('a', 0)!.update(new Uint8Array([1]));
    hashes.tap('b', 0)!.update(new Uint8Array([2]));
    hashes.tap('c', 0)!.update(new Uint8Array([3]));
    expect(hashes.take('a', 1)).toBeUndefined();
    expect(hashes.take('b', 1)).toBe(sha256(new Uint8Array([2])));
    expect(hashes.take('c', 1)).toBe(sha256(new Uint8Array([3])));
  });

  it('never gives a digest other than that of the bytes on disk, whatever parts of each PATCH were written', () => {
    // A PATCH is seen in full by the hash but may be written only in part (the link broke, the write
    // was cancelled); the next one starts at the offset on disk. Each step: how many bytes the PATCH
    // brought, and how many of them reached the disk.
    const step = fc.record({ sent: fc.integer({ min: 0, max: 400 }), kept: fc.double({ min: 0, max: 1, noNaN: true }), writtenAll: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 2_000 }), (steps, size) => {
        const source = new Uint8Array(size).map((_, i) => (i * 131 + 17) & 0xff);
        const hashes = createUploadHashes();
        let disk = 0;
        for (const { sent, kept, writtenAll } of steps) {
          if (disk >= size) break;
          const seen = source.subarray(disk, Math.min(size, disk + sent));
          hashes.tap('u', disk)?.update(seen);
          disk += writtenAll ? seen.length : Math.floor(seen.length * kept);
        }
        // The hub asks only when the file on disk is complete.
        if (disk !== size) return;
        const digest = hashes.take('u', size);
        expect(digest === undefined || digest === sha256(source)).toBe(true);
        // Every PATCH written whole: the file is never read again.
        if (steps.every((s) => s.writtenAll)) expect(digest).toBe(sha256(source));
      }),
      { numRuns: 500 },
    );
  });
});
