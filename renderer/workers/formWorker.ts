import { DomainError } from '../../preload/shared/domain/DomainError';
import { renderApology } from '../../preload/shared/domain/forms/renderApology';
import { renderControlSheet } from '../../preload/shared/domain/forms/renderControlSheet';
import { renderReceipt } from '../../preload/shared/domain/forms/renderReceipt';
import { renderRefusal } from '../../preload/shared/domain/forms/renderRefusal';
import { renderSupplementRequest } from '../../preload/shared/domain/forms/renderSupplementRequest';
import type { FormFonts } from '../../preload/shared/domain/forms/formWriter';
import type { FormJob, FormJobReply } from '../operations/forms/formJob';
import { loadFormFonts } from '../operations/forms/loadFormFonts';

/**
 * Renders the one-stop forms off the UI thread: font subsetting and PDF writing take a noticeable
 * fraction of a second, which would freeze the intake screen. The PDF bytes are transferred back.
 */
const scope = self as unknown as {
  addEventListener(type: 'message', listener: (event: MessageEvent<{ id: number; job: FormJob }>) => void): void;
  postMessage(message: FormJobReply, transfer?: Transferable[]): void;
};

function render(job: FormJob, fonts: FormFonts): Promise<Uint8Array<ArrayBuffer>> {
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

scope.addEventListener('message', (event) => {
  const { id, job } = event.data;
  void (async () => {
    try {
      const fonts = await loadFormFonts();
      const pdf = await render(job, fonts);
      scope.postMessage({ id, ok: true, pdf }, [pdf.buffer]);
    } catch (error) {
      const reply: FormJobReply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
      if (error instanceof DomainError) {
        reply.code = error.code;
        reply.userMessage = error.userMessage;
      }
      scope.postMessage(reply);
    }
  })();
});
