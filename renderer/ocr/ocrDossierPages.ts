import type { DeskDatabase } from '../db/database';
import type { Page } from '../db/types';
import type { OcrPool } from './OcrPool';
import type { PageWithOcr } from './pageOcr';

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
  db: DeskDatabase,
  pool: OcrPool,
  dossierId: string,
  onProgress?: (done: number, total: number) => void,
): Promise<DossierOcrOutcome> {
  const pages = (await db.pages.where('dossierId').equals(dossierId).toArray()) as PageWithOcr[];
  const todo = pages.filter((page) => page.ocrText === undefined).sort((a, b) => a.order - b.order);
  const outcome: DossierOcrOutcome = { recognised: 0, failed: [] };
  onProgress?.(0, todo.length);
  await Promise.all(
    todo.map(async (page) => {
      try {
        const bytes = new Uint8Array(await page.image.arrayBuffer());
        const ocr = await pool.submit({ pageId: page.id, dossierId, bytes, image: page.image, ...(page.dpi ? { dpi: page.dpi } : {}) });
        await db.pages.update(page.id, { ocrText: ocr.text, ocr } as Partial<Page>);
        outcome.recognised += 1;
      } catch (error) {
        const e = error as { code?: string; message?: string };
        outcome.failed.push({ pageId: page.id, code: e.code ?? 'engine', message: e.message ?? String(error) });
      }
      onProgress?.(outcome.recognised + outcome.failed.length, todo.length);
    }),
  );
  return outcome;
}
