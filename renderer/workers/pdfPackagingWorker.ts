import fontUrl from '../../assets/fonts/NotoSans-Regular.ttf?url';
import { getDatabase } from '../db/deskHandle';
import { packageDossierComponent } from '../operations/ocr/packageDossierComponent';
import { pdfPackagingWorkerContract } from './pdfPackagingWorkerContract';
import { serveWorker } from './protocol/serveWorker';

let font: Promise<Uint8Array> | undefined;

function loadFont(): Promise<Uint8Array> {
  font ??= fetch(fontUrl)
    .then(async (response) => {
      if (!response.ok) throw new Error(`Không tải được phông chữ lớp văn bản (${response.status}).`);
      return new Uint8Array(await response.arrayBuffer());
    })
    .catch((error: unknown) => {
      font = undefined;
      throw error;
    });
  return font;
}

/**
 * Packages component PDFs off the UI thread: reads the pages from the shared Dexie database,
 * writes the sealed file back with its SHA-256 and replies with the facts; a refused page arrives
 * as a DeskFailure with the PackagingError's code, Vietnamese message and detail.
 */
serveWorker(pdfPackagingWorkerContract, {
  async packageComponent({ componentId }) {
    return packageDossierComponent(getDatabase(), componentId, await loadFont());
  },
});
