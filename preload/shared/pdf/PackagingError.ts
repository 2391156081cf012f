/** Machine-readable reasons a page image or a package request is refused. */
export type PackagingErrorCode =
  | 'image-empty'
  | 'image-unknown-format'
  | 'image-corrupt'
  | 'image-truncated'
  | 'image-unsupported'
  | 'package-empty'
  | 'package-invalid';

/**
 * An expected failure of packaging: `message` is Vietnamese for the officer, `detail` is technical
 * for the log. Thrown before anything is written, so the caller's pages are untouched.
 */
export class PackagingError extends Error {
  readonly code: PackagingErrorCode;
  readonly detail: string;

  constructor(code: PackagingErrorCode, message: string, detail: string) {
    super(message);
    this.name = 'PackagingError';
    this.code = code;
    this.detail = detail;
  }
}
