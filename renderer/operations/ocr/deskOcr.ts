import { getDatabase } from '../../db/deskHandle';
import { allPages, dossierPages, eachPageWithText } from '../../db/queries/pages';
import { searchOcrText, type OcrSearchHit } from '../../../preload/shared/domain/search/searchOcrText';
import { createBrowserRecognizer } from './createBrowserRecognizer';
import { OcrPool, defaultOcrPoolSize } from './OcrPool';
import { ocrDossierPages, type DossierOcrOutcome } from './ocrDossierPages';

let pool: OcrPool | undefined;

/** The app's OCR pool (one per window), sized to the machine's cores and created on first use. */
export function getOcrPool(): OcrPool {
  pool ??= new OcrPool(
    Array.from({ length: defaultOcrPoolSize() }, () => createBrowserRecognizer()),
    { timeoutMs: 120_000, policy: 'fallback' },
  );
  return pool;
}

/** Recognises the pages of the dossier on screen first; text and word boxes are stored per page. */
export function ocrDossierOnScreen(dossierId: string, onProgress?: (done: number, total: number) => void): Promise<DossierOcrOutcome> {
  const ocrPool = getOcrPool();
  ocrPool.focusDossier(dossierId);
  return ocrDossierPages(getDatabase(), ocrPool, dossierId, onProgress);
}

/** Stops OCR of a dossier (closed, deleted or rescanned); pages already done keep their text. */
export function cancelDossierOcr(dossierId: string): void {
  pool?.cancelDossier(dossierId);
}

/** Diacritic-insensitive search in the OCR text of one dossier's pages, or of all pages. */
export async function searchPages(query: string, dossierId?: string): Promise<OcrSearchHit[]> {
  const db = getDatabase();
  const pages = dossierId ? await dossierPages(db, dossierId) : await allPages(db);
  return searchOcrText(pages, query);
}

/** Dossiers whose scanned pages contain the query (accents optional), with the number of matching pages and a first excerpt. */
export async function searchDossiers(query: string): Promise<Map<string, { pages: number; excerpt: string }>> {
  const found = new Map<string, { pages: number; excerpt: string }>();
  await eachPageWithText(getDatabase(), (page) => {
    const hit = searchOcrText([page], query)[0];
    if (!hit) return;
    const known = found.get(page.dossierId);
    found.set(page.dossierId, known ? { ...known, pages: known.pages + 1 } : { pages: 1, excerpt: hit.excerpt });
  });
  return found;
}
