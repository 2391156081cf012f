import type { PackageComponentResult } from './packageDossierComponent';
import { pdfPackagingWorkerContract } from '../../workers/pdfPackagingWorkerContract';
import { connectWorker } from '../../workers/protocol/connectWorker';

// A crashed worker fails its waiting jobs instead of leaving them hanging; the next job starts a new one.
const pdfPackagingWorker = connectWorker(pdfPackagingWorkerContract, () => new Worker(new URL('../../workers/pdfPackagingWorker.ts', import.meta.url), { type: 'module', name: 'pdf-packaging' }));

/** Packages a dossier component into a sealed PDF in the packaging worker; resolves with its SHA-256. */
export function packageComponentInWorker(componentId: string): Promise<PackageComponentResult> {
  return pdfPackagingWorker.call.packageComponent({ componentId });
}
