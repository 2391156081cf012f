import type { ApologyData, ControlSheetData, ReceiptData, RefusalData, SupplementRequestData } from '../../../preload/shared/domain/forms/formTypes';

/** A form the worker renders; dates survive structured cloning. */
export type FormJob =
  | { kind: 'receipt'; data: ReceiptData }
  | { kind: 'controlSheet'; data: ControlSheetData }
  | { kind: 'supplementRequest'; data: SupplementRequestData }
  | { kind: 'refusal'; data: RefusalData }
  | { kind: 'apology'; data: ApologyData };

export type FormJobReply = { id: number; ok: true; pdf: Uint8Array<ArrayBuffer> } | { id: number; ok: false; message: string; userMessage?: string; code?: string };
