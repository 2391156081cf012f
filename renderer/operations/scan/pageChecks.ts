import type { DeskHandle } from '../../db/deskHandle';
import { markPagesChanged, updatePage } from '../../db/queries/pages';
import type { Page } from '../../db/types';
import { pageCheckWorkerContract } from '../../workers/pageCheckWorkerContract';
import { connectWorker } from '../../workers/protocol/connectWorker';

const pageCheckWorker = connectWorker(pageCheckWorkerContract, () => new Worker(new URL('../../workers/pageCheckWorker.ts', import.meta.url), { type: 'module', name: 'page-checks' }));
const inFlight = new Set<string>();

/**
 * Computes a stored page's checks (blank, skew, resolution) in a worker and saves them on the
 * page. Flags only: nothing is deleted or changed. A page whose image cannot be decoded is left
 * without checks.
 */
export async function checkStoredPage(db: DeskHandle, page: Page): Promise<void> {
  if (page.checks || inFlight.has(page.id) || page.mime === 'image/tiff') return;
  inFlight.add(page.id);
  try {
    const checks = await pageCheckWorker.call.check({ image: page.image, ...(page.dpi ? { dpi: page.dpi } : {}) }).catch(() => undefined);
    if (checks) await updatePage(db, page.id, { checks });
  } finally {
    inFlight.delete(page.id);
  }
}

/** Straightens a page by its measured skew; the scanned image is kept as `originalImage`. */
export async function deskewStoredPage(db: DeskHandle, page: Page): Promise<void> {
  if (!page.checks || page.checks.skewDegrees === 0) return;
  const image = await pageCheckWorker.call.deskew({ image: page.image, degrees: page.checks.skewDegrees }).catch(() => undefined);
  if (!image) return;
  await updatePage(db, page.id, { image, originalImage: page.originalImage ?? page.image, checks: { ...page.checks, skewDegrees: 0 } });
  await markPagesChanged(db, page.dossierId);
}
