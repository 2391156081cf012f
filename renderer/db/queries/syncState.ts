import { tables, type DeskHandle } from '../database';

/** Queries of the `syncState` table: the sync engine's stored state (pull cursor, pause switch). */

export async function readSyncState(handle: DeskHandle, key: string): Promise<unknown> {
  return (await tables(handle).syncState.get(key))?.value;
}

export async function writeSyncState(handle: DeskHandle, key: string, value: unknown): Promise<void> {
  await tables(handle).syncState.put({ key, value });
}
