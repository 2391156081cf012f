import { officeTables, type OfficeCacheHandle, type OfficeFile } from '../officeCacheDatabase';

/** Queries of the supervisor desk's cache of the office hub (views, downloaded PDFs and their parts). */

export async function readOfficeView<T>(handle: OfficeCacheHandle, key: string): Promise<{ data: T; fetchedAt: number } | undefined> {
  const row = await officeTables(handle).officeViews.get(key);
  return row ? { data: row.data as T, fetchedAt: row.fetchedAt } : undefined;
}

export async function writeOfficeView(handle: OfficeCacheHandle, key: string, data: unknown, fetchedAt: number): Promise<void> {
  await officeTables(handle).officeViews.put({ key, data, fetchedAt });
}

export function getOfficeFile(handle: OfficeCacheHandle, fileKey: string): Promise<OfficeFile | undefined> {
  return officeTables(handle).officeFiles.get(fileKey);
}

/** How many bytes of the file have come so far, from the parts' sizes (their bytes stay sealed). */
export async function officeFilePartsSize(handle: OfficeCacheHandle, fileKey: string): Promise<number> {
  const db = officeTables(handle);
  const keys = await db.officeFileParts.where('fileKey').equals(fileKey).primaryKeys();
  // The id ends with the part's offset and length, so the sum needs no part opened.
  return keys.reduce((sum, id) => sum + Number(id.slice(id.lastIndexOf(':') + 1)), 0);
}

export async function addOfficeFilePart(handle: OfficeCacheHandle, fileKey: string, offset: number, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  await officeTables(handle).officeFileParts.put({ id: `${fileKey}:${offset}:${bytes.length}`, fileKey, offset, bytes: new Blob([bytes]) });
}

/** The parts in order of their offsets, opened. */
export async function officeFileParts(handle: OfficeCacheHandle, fileKey: string): Promise<Blob[]> {
  const parts = await officeTables(handle).officeFileParts.where('[fileKey+offset]').between([fileKey, 0], [fileKey, Infinity]).toArray();
  return parts.map((part) => part.bytes);
}

export async function dropOfficeFileParts(handle: OfficeCacheHandle, fileKey: string): Promise<void> {
  await officeTables(handle).officeFileParts.where('fileKey').equals(fileKey).delete();
}

/** Stores the checked file and drops its parts in one transaction. */
export async function completeOfficeFile(handle: OfficeCacheHandle, file: OfficeFile): Promise<void> {
  const db = officeTables(handle);
  await db.transaction('rw', db.officeFiles, db.officeFileParts, async () => {
    await db.officeFiles.put(file);
    await db.officeFileParts.where('fileKey').equals(file.fileKey).delete();
  });
}

/** The checked files of a dossier kept in the cache, opened. */
export function officeFilesOfDossier(handle: OfficeCacheHandle, dossierId: string): Promise<OfficeFile[]> {
  return officeTables(handle).officeFiles.where('dossierId').equals(dossierId).toArray();
}
