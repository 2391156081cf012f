import { renderIntakeReportPdf, renderRegisterBookPdf, type ReportPrint } from '../../preload/shared/domain/reports/renderReportPdf';
import { loadFormFonts } from '../operations/forms/loadFormFonts';

export interface ReportJob {
  id: number;
  kind: 'intake' | 'register';
  print: ReportPrint;
}

export type ReportJobReply = { id: number; ok: true; pdf: Uint8Array<ArrayBuffer> } | { id: number; ok: false; message: string };

const scope = self as unknown as {
  addEventListener(type: 'message', listener: (event: MessageEvent<ReportJob>) => void): void;
  postMessage(message: ReportJobReply, transfer?: Transferable[]): void;
};

/** Renders the report PDFs off the UI thread (a month's register book runs to many pages). */
scope.addEventListener('message', (event) => {
  const { id, kind, print } = event.data;
  void (async () => {
    try {
      const fonts = await loadFormFonts();
      const pdf = kind === 'intake' ? await renderIntakeReportPdf(print, fonts) : await renderRegisterBookPdf(print, fonts);
      scope.postMessage({ id, ok: true, pdf }, [pdf.buffer]);
    } catch (error) {
      scope.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  })();
});
