import { DeskFailure } from '../errors/DeskFailure';

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
 * An expected failure of packaging: `userMessage` is Vietnamese for the officer, `detail` is
 * technical for the log. Thrown before anything is written, so the caller's pages are untouched.
 */
export class PackagingError extends DeskFailure {
  declare readonly code: PackagingErrorCode;
  declare readonly detail: string;

  constructor(code: PackagingErrorCode, userMessage: string, detail: string) {
    super(code, userMessage, detail, { message: userMessage });
    this.name = 'PackagingError';
  }
}
