import type { DeskDatabase } from './database';

/**
 * The highest page order of a dossier (0 while it has none), read from the `[dossierId+order]`
 * index alone. Reading the last page itself would open its sealed image, megabytes of AES-GCM,
 * for every page added.
 */
export async function lastPageOrder(db: DeskDatabase, dossierId: string): Promise<number> {
  const key = await db.pages.where('[dossierId+order]').between([dossierId, -Infinity], [dossierId, Infinity]).lastKey();
  return Array.isArray(key) && typeof key[1] === 'number' ? key[1] : 0;
}
