import type { DeskHandle } from '../../db/deskHandle';
import { dossierPages, updatePage } from '../../db/queries/pages';
import type { Page } from '../../db/types';
import type { OcrPool } from './OcrPool';
import type { PageWithOcr } from './pageOcr';
import { uprightImage } from './uprightImage';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';

export interface DossierOcrOutcome {
  recognised: number;
  failed: Array<{ pageId: string; code: string; message: string }>;
}

/**
 * Recognises every page of a dossier that has no OCR yet and stores text and word boxes on the
 * page as each finishes, so work done survives a crash or a cancel. Failures are reported per page
 * (nothing else is lost); the page simply stays without OCR and can be retried.
 */
export async function ocrDossierPages(
  db: DeskHandle,
  pool: OcrPool,
  dossierId: string,
  onProgress?: (done: number, total: number) => void,
): Promise<DossierOcrOutcome> {
  const pages = (await dossierPages(db, dossierId)) as PageWithOcr[];
  // Pages never read, and pages turned since they were read (their words would no longer fit the image).
  const todo = pages.filter((page) => page.ocrText === undefined || (page.ocr !== undefined && (page.ocr.rotation ?? 0) !== page.rotation)).sort((a, b) => a.order - b.order);
  const outcome: DossierOcrOutcome = { recognised: 0, failed: [] };
  onProgress?.(0, todo.length);
  await Promise.all(
    todo.map(async (page) => {
      try {
        const rotation = page.rotation;
        const { bytes, blob } = rotation ? await uprightImage(page.image, rotation) : { bytes: new Uint8Array(await page.image.arrayBuffer()), blob: page.image };
        const read = await pool.submit({ pageId: page.id, dossierId, bytes, image: blob, ...(page.dpi ? { dpi: page.dpi } : {}) });
        const ocr = rotation ? { ...read, rotation } : read;
        await updatePage(db, page.id, { ocrText: ocr.text, ocr } as Partial<Page>);
        outcome.recognised += 1;
      } catch (error) {
        if (error instanceof DeskFailure) outcome.failed.push({ pageId: page.id, code: error.code, message: error.userMessage });
        else outcome.failed.push({ pageId: page.id, code: 'engine', message: error instanceof Error ? error.message : String(error) });
      }
      onProgress?.(outcome.recognised + outcome.failed.length, todo.length);
    }),
  );
  return outcome;
}
