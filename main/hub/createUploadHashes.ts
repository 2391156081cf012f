import { createHash, type Hash } from 'node:crypto';

/** The SHA-256 of an upload's bytes so far, fed as a PATCH body passes to the file store. */
export interface UploadHashTap {
  update(chunk: Uint8Array): void;
}

/**
 * SHA-256 of uploads computed while their bytes arrive, so a finished upload is checked without
 * reading its file again. A hash is trusted only when it covers exactly the bytes on disk: each
 * PATCH continues it only if it starts at the offset the hash has reached, which is not the case
 * after a PATCH whose tail was received but not written (then the finish reads the file instead).
 * Kept in memory only: a restarted hub, or a hash given up, falls back to reading the file.
 */
export function createUploadHashes(limit = 4_096) {
  const hashes = new Map<string, { hash: Hash; offset: number }>();
  return {
    /** A tap for a PATCH of `uploadId` starting at `offset`, or undefined when no hash can cover it. */
    tap(uploadId: string, offset: number): UploadHashTap | undefined {
      let entry = hashes.get(uploadId);
      if (entry && entry.offset !== offset) {
        hashes.delete(uploadId);
        entry = undefined;
      }
      if (!entry) {
        if (offset !== 0) return undefined;
        // Oldest first out: an upload left unfinished for good does not hold memory for ever.
        if (hashes.size >= limit) hashes.delete(hashes.keys().next().value!);
        entry = { hash: createHash('sha256'), offset: 0 };
        hashes.set(uploadId, entry);
      }
      const held = entry;
      return {
        update(chunk) {
          held.hash.update(chunk);
          held.offset += chunk.byteLength;
        },
      };
    },

    /** The hex digest of an upload of `size` bytes if the hash covers exactly that many; forgets it either way. */
    take(uploadId: string, size: number): string | undefined {
      const entry = hashes.get(uploadId);
      hashes.delete(uploadId);
      return entry && entry.offset === size ? entry.hash.digest('hex') : undefined;
    },
  };
}

export type UploadHashes = ReturnType<typeof createUploadHashes>;
