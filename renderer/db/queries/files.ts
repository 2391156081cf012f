import { tables, type DeskHandle } from '../database';
import type { StoredFile } from '../types';

/** Queries of the `files` table (sealed PDFs; their bytes are sealed at rest, so each read opens them). */

export function getFile(handle: DeskHandle, fileId: string): Promise<StoredFile | undefined> {
  return tables(handle).files.get(fileId);
}

/** Every stored file of a dossier, by name (the review screen). */
export function dossierFiles(handle: DeskHandle, dossierId: string): Promise<StoredFile[]> {
  return tables(handle).files.where('dossierId').equals(dossierId).sortBy('name');
}

/** The dossier's component PDFs (its receipt left out): what digitization fingerprints and delivers. */
export function componentFiles(handle: DeskHandle, dossierId: string): Promise<StoredFile[]> {
  return tables(handle)
    .files.where('dossierId')
    .equals(dossierId)
    .filter((file) => file.componentId !== undefined)
    .toArray();
}

/** The dossier's stored file of that name (its receipt), if any. */
export function dossierFileNamed(handle: DeskHandle, dossierId: string, name: string): Promise<StoredFile | undefined> {
  return tables(handle)
    .files.where('dossierId')
    .equals(dossierId)
    .filter((file) => file.name === name)
    .first();
}

/** Replaces the dossier's file of the same name (its receipt); runs in the caller's transaction, which must include `files`. */
export async function replaceDossierFile(handle: DeskHandle, row: StoredFile): Promise<void> {
  const db = tables(handle);
  await db.files.where('dossierId').equals(row.dossierId).filter((file) => file.name === row.name).delete();
  await db.files.add(row);
}

/**
 * Replaces a component's PDF in one transaction: a crash leaves either the old file or the new one,
 * never none or both.
 */
export async function replaceComponentFile(handle: DeskHandle, file: StoredFile & { componentId: string }): Promise<void> {
  const db = tables(handle);
  await db.transaction('rw', db.files, async () => {
    await db.files.where('componentId').equals(file.componentId).delete();
    await db.files.add(file);
  });
}
