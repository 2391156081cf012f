import fontUrl from '../../assets/fonts/NotoSans-Regular.ttf?url';
import { getDatabase } from '../db/database';
import { packageDossierComponent, type PackageComponentResult } from '../operations/ocr/packageDossierComponent';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

/** Request: package one dossier component (by its id in the components table). */
export interface PdfPackagingRequest {
  id: number;
  componentId: string;
}

export type PdfPackagingReply =
  | { id: number; ok: true; value: PackageComponentResult }
  | { id: number; ok: false; code: string; message: string; detail: string };

const scope = self as unknown as {
  addEventListener(type: 'message', listener: (event: MessageEvent<PdfPackagingRequest>) => void): void;
  postMessage(message: PdfPackagingReply): void;
};

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
 * writes the sealed file back with its SHA-256 and replies with the facts.
 */
scope.addEventListener('message', (event) => {
  const { id, componentId } = event.data;
  void (async () => {
    try {
      const value = await packageDossierComponent(getDatabase(), componentId, await loadFont());
      scope.postMessage({ id, ok: true, value });
    } catch (error) {
      if (error instanceof DeskFailure) scope.postMessage({ id, ok: false, code: error.code, message: error.userMessage, detail: error.detail ?? error.message });
      else scope.postMessage({ id, ok: false, code: 'package-failed', message: error instanceof Error ? error.message : String(error), detail: String(error) });
    }
  })();
});
