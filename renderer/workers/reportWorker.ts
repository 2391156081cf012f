import { renderIntakeReportPdf, renderRegisterBookPdf } from '../../preload/shared/domain/reports/renderReportPdf';
import { loadFormFonts } from '../operations/forms/loadFormFonts';
import { serveWorker } from './protocol/serveWorker';
import { reportWorkerContract } from './reportWorkerContract';

/** Renders the report PDFs off the UI thread (a month's register book runs to many pages). */
serveWorker(reportWorkerContract, {
  async render({ kind, print }, context) {
    const fonts = await loadFormFonts();
    const pdf = kind === 'intake' ? await renderIntakeReportPdf(print, fonts) : await renderRegisterBookPdf(print, fonts);
    context.transfer(pdf.buffer);
    return pdf;
  },
});
