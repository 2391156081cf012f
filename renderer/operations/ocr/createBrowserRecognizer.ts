import { createWorker, OEM } from 'tesseract.js';
import { PageRecognizer, type TesseractWorkerLike } from '../../../preload/shared/ocr/PageRecognizer';

/** Where the build copied the OCR runtime (worker script, WebAssembly cores, vie/eng data). */
export function ocrRuntimeBase(): string {
  return new URL('ocr/', globalThis.location.href).href;
}

/**
 * A page recogniser backed by a tesseract.js Web Worker that loads everything from the app's own
 * origin (`ocr/` next to index.html): no CDN, no IndexedDB language cache (cacheMethod none).
 */
export function createBrowserRecognizer(base: string = ocrRuntimeBase()): PageRecognizer {
  return new PageRecognizer(async () => {
    const worker = await createWorker(
      ['vie', 'eng'],
      OEM.LSTM_ONLY,
      { workerPath: `${base}worker.min.js`, corePath: base, langPath: base.replace(/\/$/, ''), cacheMethod: 'none', gzip: true, workerBlobURL: false },
      // Tesseract's own diagnostics (resolution guesses and the like) would reach the console as errors.
      'debug_file /dev/null',
    );
    return worker as unknown as TesseractWorkerLike;
  });
}
