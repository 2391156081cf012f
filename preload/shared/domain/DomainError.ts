import { DeskFailure } from '../errors/DeskFailure';

/**
 * An expected failure of desk domain logic (bad input, illegal transition, exhausted range). It
 * carries a stable code, the Vietnamese message the officer sees and an optional technical detail,
 * so the UI can show the message and the log can keep the detail without parsing text.
 */
export class DomainError extends DeskFailure {
  constructor(code: string, userMessage: string, detail?: string) {
    super(code, userMessage, detail, { message: detail ? `${code}: ${userMessage} (${detail})` : `${code}: ${userMessage}` });
    this.name = 'DomainError';
  }
}
