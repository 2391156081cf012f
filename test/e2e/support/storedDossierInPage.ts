/**
 * Bundled into the app's page by `readStoredDossier`: reads a dossier back through the app's own
 * data layer (its Dexie database, the encryption-at-rest middleware and the data key asked of the
 * UI thread over the same channel the workers use), so what comes out is what the desk decrypts.
 */
import { getDatabase } from '../../../renderer/db/deskHandle';
import { dossierListRows } from '../../../renderer/db/queries/dossiers';
import { dossierPages } from '../../../renderer/db/queries/pages';
import { componentFiles } from '../../../renderer/db/queries/files';

/** Bytes cross `page.evaluate` as base64 text. */
async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

async function storedDossier() {
  const db = getDatabase();
  const [row] = await dossierListRows(db, 1);
  if (!row) throw new Error('no dossier stored');
  const pages = await dossierPages(db, row.dossier.id);
  const files = await componentFiles(db, row.dossier.id);
  return {
    dossierId: row.dossier.id,
    pages: await Promise.all(
      pages.map(async (page) => ({
        id: page.id,
        componentId: page.componentId,
        order: page.order,
        mime: page.mime,
        width: page.width,
        height: page.height,
        dpi: page.dpi,
        rotation: page.rotation,
        source: page.source,
        image: await base64Of(page.image),
        original: page.originalImage ? await base64Of(page.originalImage) : undefined,
      })),
    ),
    files: await Promise.all(files.map(async (file) => ({ name: file.name, componentId: file.componentId, sha256: file.sha256, data: await base64Of(file.data) }))),
  };
}

(globalThis as unknown as { __storedDossier: typeof storedDossier }).__storedDossier = storedDossier;
