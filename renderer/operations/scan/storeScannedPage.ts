import type { ScanPage } from '../../../preload/contract';
import type { DeskHandle } from '../../db/deskHandle';
import { appendPages } from '../../db/queries/pages';
import { inTransaction } from '../../db/queries/transaction';
import { storePendingDraft } from '../dossier/pendingDrafts';

/** The id a scanned page gets in the database: stable, so a page handed over twice is stored once. */
export function scannedPageId(jobId: string, index: number): string {
  return `scan-${jobId}-${index}`;
}

/**
 * Stores a page the scanner delivered, right away, in the dossier and component it was scanned for.
 * Idempotent: main re-delivers unacknowledged pages after a restart, and a page whose id is
 * already stored is not appended again. The first page of a draft that was only on screen stores
 * the draft with it. Returns false when the dossier does not exist (the page is then dropped on
 * purpose).
 */
export async function storeScannedPage(db: DeskHandle, page: ScanPage): Promise<boolean> {
  return inTransaction(db, ['dossiers', 'components', 'pages'], async () => {
    await storePendingDraft(db, page.target.dossierId);
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
  });
}
