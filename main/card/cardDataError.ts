import { cardFailureMessage } from './cardFailure';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

/**
 * Raised by the parsers when bytes from a card (TLV, APDU, data groups, SOD) do not follow the
 * standard. A hostile or broken card can only ever produce this error, never a crash.
 */
export class CardDataError extends DeskFailure {
  constructor(message: string) {
    super('card-bad-data', cardFailureMessage('bad-data'), message, { message });
    this.name = 'CardDataError';
  }
}
