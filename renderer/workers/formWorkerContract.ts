import type { ApologyData, ControlSheetData, ReceiptData, RefusalData, SupplementRequestData } from '../../preload/shared/domain/forms/formTypes';
import { defineWorker, method } from './protocol/defineWorker';

/** A form the worker renders; dates survive structured cloning. */
export type FormToRender =
  | { kind: 'receipt'; data: ReceiptData }
  | { kind: 'controlSheet'; data: ControlSheetData }
  | { kind: 'supplementRequest'; data: SupplementRequestData }
  | { kind: 'refusal'; data: RefusalData }
  | { kind: 'apology'; data: ApologyData };

/** The forms worker: renders one form and moves its PDF bytes back. */
export const formWorkerContract = defineWorker('forms', {
  render: method<FormToRender, Uint8Array<ArrayBuffer>>(),
});
