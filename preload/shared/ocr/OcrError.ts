export type OcrErrorCode = 'timeout' | 'cancelled' | 'engine' | 'image';

/** An OCR failure for one page: Vietnamese `message` for the officer, technical `detail` for the log. */
export class OcrError extends Error {
  readonly code: OcrErrorCode;
  readonly detail: string;

  constructor(code: OcrErrorCode, message: string, detail: string) {
    super(message);
    this.name = 'OcrError';
    this.code = code;
    this.detail = detail;
  }
}
