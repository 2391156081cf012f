import type { PackageComponentResult } from '../operations/ocr/packageDossierComponent';
import { defineWorker, method } from './protocol/defineWorker';

/** The PDF packaging worker: packages one dossier component (by its id in the components table). */
export const pdfPackagingWorkerContract = defineWorker('pdf-packaging', {
  packageComponent: method<{ componentId: string }, PackageComponentResult>(),
});
