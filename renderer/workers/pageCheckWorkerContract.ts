import type { PageChecks } from '../../preload/shared/domain/scan/checkPage';
import { defineWorker, method } from './protocol/defineWorker';

/** The page-check worker: checks a page image, or straightens it by turning it back by its skew. */
export const pageCheckWorkerContract = defineWorker('page-checks', {
  check: method<{ image: Blob; dpi?: number }, PageChecks>(),
  deskew: method<{ image: Blob; degrees: number }, Blob>(),
});
