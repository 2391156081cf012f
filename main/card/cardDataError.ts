/**
 * Raised by the parsers when bytes from a card (TLV, APDU, data groups, SOD) do not follow the
 * standard. A hostile or broken card can only ever produce this error, never a crash.
 */
export class CardDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CardDataError';
  }
}
