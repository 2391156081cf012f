import { tables, type DeskHandle } from '../database';

/** Queries of the `settings` table: one value per key, read as unknown and checked by its owner. */

export async function readSetting(handle: DeskHandle, key: string): Promise<unknown> {
  return (await tables(handle).settings.get(key))?.value;
}

export async function writeSetting(handle: DeskHandle, key: string, value: unknown): Promise<void> {
  await tables(handle).settings.put({ key, value });
}

export async function deleteSetting(handle: DeskHandle, key: string): Promise<void> {
  await tables(handle).settings.delete(key);
}
