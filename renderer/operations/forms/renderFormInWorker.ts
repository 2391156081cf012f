import { DomainError } from '../../../preload/shared/domain/DomainError';
import type { FormJob, FormJobReply } from './formJob';

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve(pdf: Uint8Array<ArrayBuffer>): void; reject(error: Error): void }>();

function failAll(error: Error): void {
  for (const job of pending.values()) job.reject(error);
  pending.clear();
  worker?.terminate();
  worker = undefined;
}

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../../workers/formWorker.ts', import.meta.url), { type: 'module', name: 'forms' });
  worker.addEventListener('message', (event: MessageEvent<FormJobReply>) => {
    const reply = event.data;
    const job = pending.get(reply.id);
    if (!job) return;
    pending.delete(reply.id);
    if (reply.ok) job.resolve(reply.pdf);
    else job.reject(reply.code && reply.userMessage ? new DomainError(reply.code, reply.userMessage, reply.message) : new Error(reply.message));
  });
  // A crashed or unloadable worker fails the waiting jobs instead of leaving them hanging; the next job starts a new one.
  worker.addEventListener('error', (event) => failAll(new Error(`Không lập được biểu mẫu PDF: ${event.message || 'lỗi trong luồng nền'}`)));
  return worker;
}

/** Renders a form in the forms worker and resolves with the PDF bytes. */
export function renderFormInWorker(job: FormJob): Promise<Uint8Array<ArrayBuffer>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    getWorker().postMessage({ id, job });
  });
}
