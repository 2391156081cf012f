import { sharedDatabase, tables, type DeskHandle } from './database';

export type { DeskHandle } from './database';

/**
 * The database of this realm (UI thread or one worker) as an opaque handle: what screens,
 * operations and workers pass to the query functions of `renderer/db/queries/`.
 */
export function getDatabase(): DeskHandle {
  return sharedDatabase();
}

/**
 * Reacts to schema changes from other windows: when another window upgrades the schema this
 * connection is closed first (so the upgrade can go on), then `onVersionChange` is called;
 * `onBlocked` is called while this window's own upgrade waits for another window to close.
 */
export function watchSchemaChanges(handle: DeskHandle, listeners: { onVersionChange(): void; onBlocked(): void }): void {
  const db = tables(handle);
  db.on('versionchange', () => {
    db.close();
    listeners.onVersionChange();
    return false;
  });
  db.on('blocked', () => listeners.onBlocked());
}
