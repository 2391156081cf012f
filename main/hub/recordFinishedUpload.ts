import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { HubStore } from './createHubStore';
import { sha256File } from './sha256File';

/**
 * Checks a complete upload's bytes against its declared SHA-256 and records the file as stored
 * (idempotent). Called when the last byte arrives, and again when a desk asks about an upload that
 * is complete on disk but not recorded: the hub was killed, or its database was away, between the
 * last byte and the commit of its row, and the desk was never told the file was done.
 * A mismatch removes the upload, so the desk sends the file again. `sha256`, when given, is the
 * digest of the very bytes written (hashed as they arrived), so the file is not read again.
 */
export async function recordFinishedUpload(store: HubStore, filesDir: string, upload: { id: string; metadata?: Record<string, string | null> | undefined }, sha256?: string): Promise<'stored' | 'mismatch'> {
  const meta = upload.metadata ?? {};
  const stored = path.join(filesDir, upload.id);
  if ((sha256 ?? (await sha256File(stored))) !== meta.sha256) {
    await rm(stored, { force: true });
    await rm(`${stored}.json`, { force: true });
    return 'mismatch';
  }
  await store.recordStoredFile(meta.dossierId!, meta.name!, upload.id, meta.sha256 ?? undefined);
  return 'stored';
}
