import type { DeskError } from '../../contract';

/**
 * The one error type main services throw on purpose: it carries the Vietnamese message the officer
 * sees and a technical detail for the log. Anything else thrown is reported as an internal error.
 */
export class DeskFailure extends Error {
  readonly code: string;
  readonly userMessage: string;
  readonly detail: string | undefined;

  constructor(code: string, userMessage: string, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${code}: ${detail}` : code, options);
    this.name = 'DeskFailure';
    this.code = code;
    this.userMessage = userMessage;
    this.detail = detail;
  }

  toDeskError(): DeskError {
    return this.detail === undefined
      ? { code: this.code, message: this.userMessage }
      : { code: this.code, message: this.userMessage, detail: this.detail };
  }
}

/** Turns anything thrown into a DeskError without losing the technical detail. */
export function toDeskError(error: unknown): DeskError {
  if (error instanceof DeskFailure) return error.toDeskError();
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: 'internal', message: 'Đã xảy ra lỗi không mong muốn. Dữ liệu đã lưu không bị mất; vui lòng thử lại.', detail };
}
