import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

/** Machine-readable reasons signing did not happen. */
export type SigningFailureCode =
  | 'signing-not-configured'
  | 'signing-module-unavailable'
  | 'signing-token-absent'
  | 'signing-token-removed'
  | 'signing-not-logged-in'
  | 'signing-pin-wrong'
  | 'signing-pin-locked'
  | 'signing-key-missing'
  | 'signing-certificate-unsupported'
  | 'signing-token-error'
  | 'signing-pdf-invalid'
  | 'signing-pdf-changed'
  | 'signing-timestamp-failed';

/**
 * An expected failure of signing, with the Vietnamese message for the officer and the PKCS#11 or
 * network detail for the log. Thrown before any output exists: the unsigned file is never touched.
 */
export class SigningFailure extends DeskFailure {
  declare readonly code: SigningFailureCode;

  constructor(code: SigningFailureCode, userMessage: string, detail?: string, options?: { cause?: unknown }) {
    super(code, userMessage, detail, options);
    this.name = 'SigningFailure';
  }
}

/**
 * The token left its reader (or its slot vanished) while the desk was using it. Whatever was signed
 * before stays signed; the file being signed stays as it was, to be signed again after re-insertion.
 */
export class TokenRemovedError extends SigningFailure {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('signing-token-removed', 'Thiết bị ký số (token) đã bị rút ra trong khi ký. Các tệp đã ký vẫn được giữ; hãy cắm lại token, đăng nhập và ký tiếp các tệp còn lại.', detail, options);
    this.name = 'TokenRemovedError';
  }
}
