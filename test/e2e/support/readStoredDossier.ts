import path from 'node:path';
import type { Page } from 'playwright';
import { bundleForBrowser } from '../../support/bundleForBrowser';

export interface StoredPage {
  id: string;
  componentId: string | undefined;
  order: number;
  mime: string;
  width: number | undefined;
  height: number | undefined;
  dpi: number | undefined;
  rotation: number;
  source: string;
  /** The page image as the app reads it back (decrypted). */
  image: Buffer;
  /** The image as scanned, when the page was straightened. */
  original: Buffer | undefined;
}

export interface StoredDossier {
  dossierId: string;
  /** In page order. */
  pages: StoredPage[];
  /** The component PDFs made by digitizing, decrypted. */
  files: Array<{ name: string; componentId: string | undefined; sha256: string; data: Buffer }>;
}

let reader: Promise<string> | undefined;

/**
 * The most recently changed dossier of the page's desk, read back through the app's own data
 * layer in the page (database, named queries, encryption at rest): its pages with their images and
 * its component PDFs, as the desk itself would open them.
 */
export async function readStoredDossier(page: Page): Promise<StoredDossier> {
  reader ??= bundleForBrowser(path.join(__dirname, 'storedDossierInPage.ts'));
  const source = await reader;
  // Evaluated through the DevTools protocol, which the page's script policy does not govern.
  if (!(await page.evaluate(() => '__storedDossier' in globalThis))) await page.evaluate(source);
  const raw = await page.evaluate(() => (globalThis as unknown as { __storedDossier(): Promise<unknown> }).__storedDossier());
  const dossier = raw as { dossierId: string; pages: Array<Omit<StoredPage, 'image' | 'original'> & { image: string; original?: string }>; files: Array<{ name: string; componentId?: string; sha256: string; data: string }> };
  return {
    dossierId: dossier.dossierId,
    pages: dossier.pages.map((p) => ({ ...p, image: Buffer.from(p.image, 'base64'), original: p.original === undefined ? undefined : Buffer.from(p.original, 'base64') })),
    files: dossier.files.map((f) => ({ ...f, componentId: f.componentId, data: Buffer.from(f.data, 'base64') })),
  };
}
