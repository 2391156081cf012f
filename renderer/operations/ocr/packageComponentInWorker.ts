import { PackagingError, type PackagingErrorCode } from '../../../preload/shared/pdf/PackagingError';
import type { PackageComponentResult } from './packageDossierComponent';
import type { PdfPackagingReply } from '../../workers/pdfPackagingWorker';

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve(value: PackageComponentResult): void; reject(error: Error): void }>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../../workers/pdfPackagingWorker.ts', import.meta.url), { type: 'module', name: 'pdf-packaging' });
  worker.addEventListener('message', (event: MessageEvent<PdfPackagingReply>) => {
    const reply = event.data;
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    if (reply.ok) job.resolve(reply.value);
    else job.reject(new PackagingError(reply.code as PackagingErrorCode, reply.message, reply.detail));
  });
  // A crashed worker fails its waiting jobs instead of leaving them hanging; the next job starts a new one.
  worker.addEventListener('error', (event) => {
    for (const job of pending.values()) job.reject(new Error(`Không đóng gói được PDF: ${event.message || 'lỗi trong luồng nền'}`));
    pending.clear();
    worker?.terminate();
    worker = undefined;
  });
  return worker;
}

/** Packages a dossier component into a sealed PDF in the packaging worker; resolves with its SHA-256. */
export function packageComponentInWorker(componentId: string): Promise<PackageComponentResult> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    getWorker().postMessage({ id, componentId });
  });
}
