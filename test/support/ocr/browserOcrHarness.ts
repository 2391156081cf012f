/**
 * Runs the renderer's OCR and packaging code inside the real app page in Chromium (bundled by the
 * test and evaluated in the page): tesseract.js Web Workers loading the runtime from the app's own
 * ocr/ folder, Dexie on the browser's IndexedDB, pdf-lib and WebCrypto of the browser.
 */
import { DeskDatabase } from '../../../renderer/db/database';
import { createBrowserRecognizer } from '../../../renderer/ocr/createBrowserRecognizer';
import { OcrPool, defaultOcrPoolSize } from '../../../renderer/ocr/OcrPool';
import { ocrDossierPages } from '../../../renderer/ocr/ocrDossierPages';
import { packageDossierComponent } from '../../../renderer/ocr/packageDossierComponent';
import { searchOcrText } from '../../../renderer/domain/search/searchOcrText';
import type { PageWithOcr } from '../../../renderer/ocr/pageOcr';

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

interface HarnessInput {
  pages: Array<{ base64: string; mime: string; dpi: number }>;
  fontBase64: string;
  query: string;
}

async function run(input: HarnessInput) {
  const db = new DeskDatabase(`ocr-harness-${crypto.randomUUID()}`);
  const now = Date.now();
  await db.procedures.put({ code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', agency: 'UBND phường Hoàn Kiếm', processingDays: 3, components: [], source: 'test' });
  await db.dossiers.put({ id: 'd1', code: '000.00.16.H27-261124-0001', procedureCode: '1.001193', status: 'saved', training: true, createdAt: now, updatedAt: now, receivedAt: now, pageCount: input.pages.length });
  await db.components.put({ id: 'c1', dossierId: 'd1', componentId: 'to-khai', name: 'Tờ khai đăng ký khai sinh', form: 'original', required: true, order: 1 });
  await db.pages.bulkPut(
    input.pages.map((page, i) => ({ id: `p${i}`, dossierId: 'd1', componentId: 'c1', order: i, image: new Blob([fromBase64(page.base64)], { type: page.mime }), mime: page.mime, dpi: page.dpi, rotation: 0 as const, source: 'test', createdAt: now })),
  );
  const poolSize = defaultOcrPoolSize();
  const pool = new OcrPool(Array.from({ length: poolSize }, () => createBrowserRecognizer()), { timeoutMs: 180_000 });
  try {
    // A background dossier queued first must not run before the focused one once an engine is free;
    // cancelling it rejects its queued pages with the Vietnamese message.
    pool.focusDossier('d1');
    const started = performance.now();
    const ocr = await ocrDossierPages(db, pool, 'd1');
    const ocrMs = performance.now() - started;
    const background = pool.submit({ pageId: 'x', dossierId: 'other', bytes: fromBase64(input.pages[0]!.base64), image: new Blob([fromBase64(input.pages[0]!.base64)]) });
    pool.cancelDossier('other');
    const cancelled = await background.then(
      () => 'not cancelled',
      (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
    );
    const stored = (await db.pages.orderBy('[dossierId+order]').toArray()) as PageWithOcr[];
    const packaged = await packageDossierComponent(db, 'c1', fromBase64(input.fontBase64));
    const file = await db.files.get(packaged.fileId);
    const fileBytes = new Uint8Array(await file!.data.arrayBuffer());
    return {
      poolSize,
      ocr,
      ocrMs,
      cancelled,
      texts: stored.map((page) => page.ocrText ?? ''),
      wordsPerPage: stored.map((page) => page.ocr?.lines.reduce((n, line) => n + line.words.length, 0) ?? 0),
      hits: searchOcrText(stored, input.query),
      packaged,
      file: { name: file!.name, sha256: file!.sha256, base64: toBase64(fileBytes) },
      filesForComponent: await db.files.where('componentId').equals('c1').count(),
    };
  } finally {
    await pool.dispose();
    db.close();
    await db.delete();
  }
}

(globalThis as unknown as { __ocrHarness: { run: typeof run } }).__ocrHarness = { run };
