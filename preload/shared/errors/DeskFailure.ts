import type { DeskError } from '../../contract';

/** The text shown when an error carries no Vietnamese message of its own. */
export const GENERIC_USER_MESSAGE = 'Đã xảy ra lỗi không mong muốn. Dữ liệu đã lưu không bị mất; vui lòng thử lại.';

/**
 * The one error base of the desk: every error thrown on purpose (services, domain rules, OCR,
 * packaging, sync, card, import) is a DeskFailure, so it carries a stable code, the Vietnamese
 * message the officer sees and a technical detail for the log. Anything else thrown is reported as
 * an internal error. `options.message` lets a subclass keep its own technical `message`.
 */
export class DeskFailure extends Error {
  readonly code: string;
  readonly userMessage: string;
  readonly detail: string | undefined;

  constructor(code: string, userMessage: string, detail?: string, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? (detail ? `${code}: ${detail}` : code), options?.cause === undefined ? undefined : { cause: options.cause });
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
  return { code: 'internal', message: GENERIC_USER_MESSAGE, detail };
}

/** The Vietnamese message to show for anything thrown: a DeskFailure's own, else the generic one. */
export function userMessageOf(error: unknown): string {
  return error instanceof DeskFailure ? error.userMessage : GENERIC_USER_MESSAGE;
}
