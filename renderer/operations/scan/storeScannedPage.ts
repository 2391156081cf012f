import type { ScanPage } from '../../../preload/contract';
import type { DeskHandle } from '../../db/deskHandle';
import { appendPages } from '../../db/queries/pages';

/** The id a scanned page gets in the database: stable, so a page handed over twice is stored once. */
export function scannedPageId(jobId: string, index: number): string {
  return `scan-${jobId}-${index}`;
}

/**
 * Stores a page the scanner delivered, right away, in the dossier and component it was scanned for.
 * Idempotent: main re-delivers unacknowledged pages after a restart, and a page whose id is
 * already stored is not appended again. Returns false when the dossier no longer exists (the page
 * is then dropped on purpose).
 */
export async function storeScannedPage(db: DeskHandle, page: ScanPage): Promise<boolean> {
  return appendPages(db, page.target.dossierId, [
    {
      id: scannedPageId(page.jobId, page.index),
      ...(page.target.componentId ? { componentId: page.target.componentId } : {}),
      image: new Blob([page.data as Uint8Array<ArrayBuffer>], { type: page.mime }),
      mime: page.mime,
      ...(page.width ? { width: page.width, height: page.height } : {}),
      dpi: page.dpi,
      source: `scan:${page.deviceName}`,
    },
  ]);
}
