import path from 'node:path';
import type { Page } from 'playwright';
import { bundleForBrowser } from '../../support/bundleForBrowser';

let reader: Promise<string> | undefined;

/** The PDFs of another desk's dossier as a supervisor desk keeps them after showing them (decrypted). */
export async function readOfficeCache(page: Page, dossierId: string): Promise<Array<{ name: string; sha256: string; data: Buffer }>> {
  reader ??= bundleForBrowser(path.join(__dirname, 'officeCacheInPage.ts'));
  const source = await reader;
  // Evaluated through the DevTools protocol, which the page's script policy does not govern.
  if (!(await page.evaluate(() => '__officeFiles' in globalThis))) await page.evaluate(source);
  const files = (await page.evaluate((id) => (globalThis as unknown as { __officeFiles(id: string): Promise<unknown> }).__officeFiles(id), dossierId)) as Array<{ name: string; sha256: string; data: string }>;
  return files.map((file) => ({ ...file, data: Buffer.from(file.data, 'base64') }));
}
