import { formWorkerContract, type FormToRender } from '../../workers/formWorkerContract';
import { connectWorker } from '../../workers/protocol/connectWorker';

// A crashed or unloadable worker fails the waiting jobs instead of leaving them hanging; the next job starts a new one.
const formWorker = connectWorker(formWorkerContract, () => new Worker(new URL('../../workers/formWorker.ts', import.meta.url), { type: 'module', name: 'forms' }));

/** Renders a form in the forms worker and resolves with the PDF bytes; a refused form rejects with a DeskFailure. */
export function renderFormInWorker(job: FormToRender): Promise<Uint8Array<ArrayBuffer>> {
  return formWorker.call.render(job);
}
