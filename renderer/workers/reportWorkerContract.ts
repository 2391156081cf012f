import type { ReportPrint } from '../../preload/shared/domain/reports/renderReportPdf';
import { defineWorker, method } from './protocol/defineWorker';

/** The report worker: renders the intake report or the register book and moves its PDF bytes back. */
export const reportWorkerContract = defineWorker('reports', {
  render: method<{ kind: 'intake' | 'register'; print: ReportPrint }, Uint8Array<ArrayBuffer>>(),
});
