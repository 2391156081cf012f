import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

/**
 * The chip was read and its data is well formed, but it is a kind of document or a version of the
 * data structure this reader does not handle (a TD2 document, an LDS version other than 1.x).
 * The message says plainly which, so the officer knows to type the applicant in rather than retry.
 */
export class UnsupportedDocumentError extends DeskFailure {
  constructor(userMessage: string, detail: string) {
    super('card-unsupported-document', userMessage, detail, { message: detail });
    this.name = 'UnsupportedDocumentError';
  }
}
