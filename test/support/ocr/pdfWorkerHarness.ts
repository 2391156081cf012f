/**
 * Drives the real PDF packaging worker (renderer/workers/pdfPackagingWorker.ts, bundled by the
 * test) from the app page in Chromium: pages go into the app's IndexedDB database through Dexie,
 * the worker packages and stores the file, the harness reads it back.
 */
import { sharedDatabase } from '../../../renderer/db/database';
import type { OcrPage } from '../../../preload/shared/ocr/ocrTypes';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';
import { pdfPackagingWorkerContract } from '../../../renderer/workers/pdfPackagingWorkerContract';
import { connectWorker } from '../../../renderer/workers/protocol/connectWorker';

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
  workerCode: string;
  pages: Array<{ base64: string; mime: string; dpi: number; ocr?: OcrPage }>;
}

async function run(input: HarnessInput) {
  // The app's accessor: the worker seals files at rest, so they are read back through the same middleware.
  const db = sharedDatabase();
  const now = Date.UTC(2026, 10, 24, 2, 0, 0);
  await db.procedures.put({ code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', agency: 'UBND phường Hoàn Kiếm', processingDays: 3, components: [], source: 'test' });
  await db.dossiers.put({ id: 'd1', code: '000.00.16.H27-261124-0009', procedureCode: '1.001193', status: 'saved', training: true, createdAt: now, updatedAt: now, receivedAt: now, pageCount: input.pages.length + 1 });
  await db.components.bulkPut([
    { id: 'c1', dossierId: 'd1', componentId: 'to-khai', name: 'Tờ khai', form: 'original', required: true, order: 1 },
    { id: 'c2', dossierId: 'd1', componentId: 'giay-chung-sinh', name: 'Giấy chứng sinh', form: 'original', required: true, order: 2 },
  ]);
  await db.pages.bulkPut(
    input.pages.map((page, i) => ({ id: `p${i}`, dossierId: 'd1', componentId: 'c1', order: i, image: new Blob([fromBase64(page.base64)], { type: page.mime }), mime: page.mime, dpi: page.dpi, rotation: 0 as const, source: 'test', createdAt: now, ...(page.ocr ? { ocrText: page.ocr.text, ocr: page.ocr } : {}) })),
  );
  const truncated = fromBase64(input.pages[0]!.base64).slice(0, 2000);
  await db.pages.put({ id: 'bad', dossierId: 'd1', componentId: 'c2', order: 10, image: new Blob([truncated]), mime: 'image/jpeg', rotation: 0, source: 'test', createdAt: now });

  const worker = new Worker(URL.createObjectURL(new Blob([input.workerCode], { type: 'text/javascript' })));
  const client = connectWorker(pdfPackagingWorkerContract, () => worker);
  // The outcome as plain data the test can read back from the page.
  const ask = (componentId: string) =>
    client.call.packageComponent({ componentId }).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => {
        if (!(error instanceof DeskFailure)) throw error;
        return { ok: false as const, code: error.code, message: error.userMessage, detail: error.detail };
      },
    );
  try {
    const first = await ask('c1');
    const again = await ask('c1');
    const bad = await ask('c2');
    const files = await db.files.where('componentId').equals('c1').toArray();
    const stored = files[0];
    return {
      first,
      again,
      bad,
      fileCount: files.length,
      badFiles: await db.files.where('componentId').equals('c2').count(),
      file: stored ? { name: stored.name, sha256: stored.sha256, base64: toBase64(new Uint8Array(await stored.data.arrayBuffer())) } : undefined,
    };
  } finally {
    worker.terminate();
    db.close();
  }
}

(globalThis as unknown as { __pdfWorkerHarness: { run: typeof run } }).__pdfWorkerHarness = { run };
