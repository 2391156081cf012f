/**
 * Bundled into a supervisor desk's page by `readOfficeCache`: reads the component PDFs of a dossier
 * that the desk fetched from the office hub, back through the app's own office cache (its Dexie
 * database and encryption at rest), so what comes out is what the review screen showed.
 */
import { getOfficeCache } from '../../../renderer/db/officeCacheDatabase';
import { officeFilesOfDossier } from '../../../renderer/db/queries/officeCache';

async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

async function officeFiles(dossierId: string) {
  const files = await officeFilesOfDossier(getOfficeCache(), dossierId);
  return Promise.all(files.map(async (file) => ({ name: file.name, sha256: file.sha256, data: await base64Of(file.data) })));
}

(globalThis as unknown as { __officeFiles: typeof officeFiles }).__officeFiles = officeFiles;
