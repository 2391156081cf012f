import { renderApology } from '../../preload/shared/domain/forms/renderApology';
import { renderControlSheet } from '../../preload/shared/domain/forms/renderControlSheet';
import { renderReceipt } from '../../preload/shared/domain/forms/renderReceipt';
import { renderRefusal } from '../../preload/shared/domain/forms/renderRefusal';
import { renderSupplementRequest } from '../../preload/shared/domain/forms/renderSupplementRequest';
import type { FormFonts } from '../../preload/shared/domain/forms/formWriter';
import { loadFormFonts } from '../operations/forms/loadFormFonts';
import { formWorkerContract, type FormToRender } from './formWorkerContract';
import { serveWorker } from './protocol/serveWorker';

function render(job: FormToRender, fonts: FormFonts): Promise<Uint8Array<ArrayBuffer>> {
  switch (job.kind) {
    case 'receipt':
      return renderReceipt(job.data, fonts);
    case 'controlSheet':
      return renderControlSheet(job.data, fonts);
    case 'supplementRequest':
      return renderSupplementRequest(job.data, fonts);
    case 'refusal':
      return renderRefusal(job.data, fonts);
    case 'apology':
      return renderApology(job.data, fonts);
  }
}

/**
 * Renders the one-stop forms off the UI thread: font subsetting and PDF writing take a noticeable
 * fraction of a second, which would freeze the intake screen. The PDF bytes are transferred back.
 */
serveWorker(formWorkerContract, {
  async render(job, context) {
    const pdf = await render(job, await loadFormFonts());
    context.transfer(pdf.buffer);
    return pdf;
  },
});
