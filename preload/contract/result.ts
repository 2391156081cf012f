/**
 * Every reply that crosses the process boundary is a value, never a thrown error,
 * so the renderer always gets a Vietnamese message it can show and a technical detail it can log.
 */
export interface DeskError {
  /** Stable machine code, e.g. `invalid-input`, `scanner-jammed`. */
  code: string;
  /** Message for the officer, in Vietnamese. */
  message: string;
  /** Technical detail for logs and support; never shown as the main message. */
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DeskError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string, detail?: string): Result<T> {
  return detail === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, detail } };
}
