import { tables, type DeskHandle, type TableName } from '../database';

/**
 * Runs `work` as one read-write transaction over the named tables: every query function `work`
 * calls on the same handle joins it, so the whole step is stored completely or not at all. Work
 * outside IndexedDB (hashing, encryption) must be awaited through the query functions that keep the
 * transaction alive (e.g. `appendAuditEntry`).
 */
export function inTransaction<T>(handle: DeskHandle, scope: readonly TableName[], work: () => Promise<T>): Promise<T> {
  const db = tables(handle);
  return db.transaction('rw', scope.map((name) => db.table(name)), work);
}
