import type { ScanPage } from '../../../preload/contract';
import type { DeskDatabase } from '../../db/database';
import { lastPageOrder } from '../../db/lastPageOrder';

/** The id a scanned page gets in the database: stable, so a page handed over twice is stored once. */
export function scannedPageId(jobId: string, index: number): string {
  return `scan-${jobId}-${index}`;
}

/**
 * Stores a page the scanner delivered, right away, in the dossier and component it was scanned for.
 * Idempotent: main re-delivers unacknowledged pages after a restart. Returns false when the dossier
 * no longer exists (the page is then dropped on purpose).
 */
export async function storeScannedPage(db: DeskDatabase, page: ScanPage): Promise<boolean> {
  const id = scannedPageId(page.jobId, page.index);
  return db.transaction('rw', db.pages, db.dossiers, async () => {
    if (await db.pages.get(id)) return true;
    const dossier = await db.dossiers.get(page.target.dossierId);
    if (!dossier) return false;
    const order = (await lastPageOrder(db, dossier.id)) + 1;
    const now = Date.now();
    await db.pages.add({
      id,
      dossierId: dossier.id,
      ...(page.target.componentId ? { componentId: page.target.componentId } : {}),
      order,
      image: new Blob([page.data as Uint8Array<ArrayBuffer>], { type: page.mime }),
      mime: page.mime,
      ...(page.width ? { width: page.width, height: page.height } : {}),
      dpi: page.dpi,
      rotation: 0,
      source: `scan:${page.deviceName}`,
      createdAt: now,
    });
    const pageCount = await db.pages.where('dossierId').equals(dossier.id).count();
    await db.dossiers.update(dossier.id, { pageCount, updatedAt: now });
    return true;
  });
}
