import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createWorker, OEM } from 'tesseract.js';
import { PageRecognizer, type TesseractWorkerLike } from '../../preload/shared/ocr/PageRecognizer';
import { OcrError } from '../../preload/shared/ocr/OcrError';

/** Languages recognised at the desk: Vietnamese first, English for names of foreign documents. */
export const OCR_LANGUAGES = ['vie', 'eng'] as const;

/** Folder of the packaged `<lang>.traineddata.gz` (LSTM, integer "best" models) of a language. */
export function languageDataDir(lang: (typeof OCR_LANGUAGES)[number]): string {
  return path.join(path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int');
}

/**
 * Node-side OCR for the CLI and benchmarks. Language data comes only from the installed
 * @tesseract.js-data packages (linked into one private temporary folder, because tesseract.js takes
 * one language path); caching is off, so nothing is written to the working folder or fetched.
 */
export async function createNodeOcrEngine(): Promise<{ recognizer: PageRecognizer; close(): Promise<void> }> {
  const langDir = await mkdtemp(path.join(os.tmpdir(), 'motcua-ocr-'));
  try {
    for (const lang of OCR_LANGUAGES) {
      await symlink(path.join(languageDataDir(lang), `${lang}.traineddata.gz`), path.join(langDir, `${lang}.traineddata.gz`));
    }
  } catch (error) {
    await rm(langDir, { recursive: true, force: true });
    throw new OcrError('engine', 'Thiếu dữ liệu ngôn ngữ cho nhận dạng chữ (gói @tesseract.js-data/vie, eng); cài lại phần mềm.', error instanceof Error ? error.message : String(error));
  }
  const recognizer = new PageRecognizer(async () => {
    const worker = await createWorker([...OCR_LANGUAGES], OEM.LSTM_ONLY, { langPath: langDir, cacheMethod: 'none', gzip: true });
    return worker as unknown as TesseractWorkerLike;
  });
  return {
    recognizer,
    async close() {
      await recognizer.terminate();
      await rm(langDir, { recursive: true, force: true });
    },
  };
}
