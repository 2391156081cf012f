/**
 * Runs the renderer's OCR and packaging code inside the real app page in Chromium (bundled by the
 * test and evaluated in the page): tesseract.js Web Workers loading the runtime from the app's own
 * ocr/ folder, Dexie on the browser's IndexedDB, pdf-lib and WebCrypto of the browser.
 */
import { DeskDatabase } from '../../../renderer/db/database';
import { createBrowserRecognizer } from '../../../renderer/operations/ocr/createBrowserRecognizer';
import { OcrPool, defaultOcrPoolSize } from '../../../renderer/operations/ocr/OcrPool';
import { ocrDossierPages } from '../../../renderer/operations/ocr/ocrDossierPages';
import { packageDossierComponent } from '../../../renderer/operations/ocr/packageDossierComponent';
import { searchOcrText } from '../../../preload/shared/domain/search/searchOcrText';
import type { PageWithOcr } from '../../../renderer/operations/ocr/pageOcr';

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

async function turnLeft(image: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(image);
  const canvas = new OffscreenCanvas(bitmap.height, bitmap.width);
  const context = canvas.getContext('2d')!;
  context.translate(0, bitmap.width);
  context.rotate(-Math.PI / 2);
  context.drawImage(bitmap, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

interface HarnessInput {
  /** `sideways`: stored turned a quarter to the left, as a sheet fed sideways, with rotation 90 to show it upright. */
  pages: Array<{ base64: string; mime: string; dpi: number; sideways?: boolean }>;
  fontBase64: string;
  query: string;
}

async function run(input: HarnessInput) {
  const db = new DeskDatabase(`ocr-harness-${crypto.randomUUID()}`);
  const now = Date.now();
  await db.procedures.put({ code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', agency: 'UBND phường Hoàn Kiếm', processingDays: 3, components: [], source: 'test' });
  await db.dossiers.put({ id: 'd1', code: '000.00.16.H27-261124-0001', procedureCode: '1.001193', status: 'saved', training: true, createdAt: now, updatedAt: now, receivedAt: now, pageCount: input.pages.length });
  await db.components.put({ id: 'c1', dossierId: 'd1', componentId: 'to-khai', name: 'Tờ khai đăng ký khai sinh', form: 'original', required: true, order: 1 });
  const stored = await Promise.all(
    input.pages.map(async (page, i) => {
      const image = new Blob([fromBase64(page.base64)], { type: page.mime });
      return {
        id: `p${i}`,
        dossierId: 'd1',
        componentId: 'c1',
        order: i,
        image: page.sideways ? await turnLeft(image) : image,
        mime: page.sideways ? 'image/png' : page.mime,
        dpi: page.dpi,
        rotation: page.sideways ? (90 as const) : (0 as const),
        source: 'test',
        createdAt: now,
      };
    }),
  );
  await db.pages.bulkPut(stored);
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
    const read = (await db.pages.orderBy('[dossierId+order]').toArray()) as PageWithOcr[];
    const packaged = await packageDossierComponent(db, 'c1', fromBase64(input.fontBase64));
    const file = await db.files.get(packaged.fileId);
    const fileBytes = new Uint8Array(await file!.data.arrayBuffer());
    return {
      poolSize,
      ocr,
      ocrMs,
      cancelled,
      texts: read.map((page) => page.ocrText ?? ''),
      rotations: read.map((page) => page.ocr?.rotation ?? 0),
      wordsPerPage: read.map((page) => page.ocr?.lines.reduce((n, line) => n + line.words.length, 0) ?? 0),
      hits: searchOcrText(read, input.query),
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
