import { DeskFailure } from '../errors/DeskFailure';

export type OcrErrorCode = 'timeout' | 'cancelled' | 'engine' | 'image';

/** An OCR failure for one page: Vietnamese `userMessage` (also its `message`) for the officer, technical `detail` for the log. */
export class OcrError extends DeskFailure {
  declare readonly code: OcrErrorCode;
  declare readonly detail: string;

  constructor(code: OcrErrorCode, userMessage: string, detail: string) {
    super(code, userMessage, detail, { message: userMessage });
    this.name = 'OcrError';
  }
}
