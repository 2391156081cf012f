import { cardFailureMessage } from './cardFailure';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from './apdu';
import { bytesEqual, concatBytes } from './bytes';
import { CardDataError } from './cardDataError';
import { padIso9797, retailMac, tdesDecrypt, tdesEncrypt, unpadIso9797 } from './desCrypto';
import { encodeTlv, readTlvList } from './tlv';

/** Session keys and counter established by BAC. */
export interface SessionKeys {
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
  /** Send sequence counter, 8 bytes; incremented before every command and every response. */
  ssc: Uint8Array;
}

/**
 * The secure channel failed: a response's MAC does not verify or its objects are missing (the
 * channel is no longer trustworthy), or the card refused ours (`refusedByCard`, SW 6987/6988).
 * Either way the session is over and the card must be read again from the start.
 */
export class SecureMessagingError extends DeskFailure {
  readonly refusedByCard: boolean;
  constructor(message: string, refusedByCard = false) {
    super('card-secure-channel', cardFailureMessage(refusedByCard ? 'secure-channel-refused' : 'secure-channel'), message, { message });
    this.name = 'SecureMessagingError';
    this.refusedByCard = refusedByCard;
  }
}

/** Status words by which a card refuses a protected command (ISO 7816-4 §5.1.3): the channel is gone. */
const SM_REFUSALS: Record<number, string> = { 0x6987: 'expected secure messaging data objects missing', 0x6988: 'secure messaging data objects incorrect' };

function refusal(sw: number): SecureMessagingError | undefined {
  const what = SM_REFUSALS[sw];
  return what ? new SecureMessagingError(`card answered ${sw.toString(16).toUpperCase()}: ${what}`, true) : undefined;
}

/** Adds one to an 8-byte big-endian counter, in place, and returns it. */
export function incrementSsc(ssc: Uint8Array): Uint8Array {
  for (let i = ssc.length - 1; i >= 0; i -= 1) {
    ssc[i] = (ssc[i]! + 1) & 0xff;
    if (ssc[i] !== 0) break;
  }
  return ssc;
}

function lengthOfNe(ne: number, extended: boolean): Uint8Array {
  if (!extended) return Uint8Array.of(ne === 256 ? 0 : ne);
  const le = ne === 65536 ? 0 : ne;
  return Uint8Array.of(le >> 8, le & 0xff);
}

/**
 * ICAO 9303 Part 11 §9.8 secure messaging with 3DES: commands are wrapped in DO87/DO85 (data),
 * DO97 (Le) and DO8E (MAC over the send sequence counter and the masked header); responses must
 * carry DO99 (status) and a DO8E that verifies, or they are refused.
 */
export class SecureMessaging {
  readonly #keys: SessionKeys;

  constructor(keys: SessionKeys) {
    this.#keys = { ksEnc: keys.ksEnc, ksMac: keys.ksMac, ssc: Uint8Array.from(keys.ssc) };
  }

  /** The current counter (a copy). */
  get ssc(): Uint8Array {
    return Uint8Array.from(this.#keys.ssc);
  }

  /** Wraps a plain command; increments the counter. */
  protect(command: CommandApdu): Uint8Array {
    const cla = command.cla | 0x0c;
    const header = padIso9797(Uint8Array.of(cla, command.ins, command.p1, command.p2));
    const odd = (command.ins & 1) === 1;
    let dataObject: Uint8Array = new Uint8Array(0);
    if (command.data && command.data.length > 0) {
      const encrypted = tdesEncrypt(this.#keys.ksEnc, padIso9797(command.data));
      dataObject = odd ? encodeTlv(0x85, encrypted) : encodeTlv(0x87, Uint8Array.of(0x01), encrypted);
    }
    const ne = command.ne ?? 0;
    const extendedLe = ne > 256;
    const do97 = ne > 0 ? encodeTlv(0x97, lengthOfNe(ne, extendedLe)) : new Uint8Array(0);
    incrementSsc(this.#keys.ssc);
    const mac = retailMac(this.#keys.ksMac, padIso9797(concatBytes(this.#keys.ssc, header, dataObject, do97)));
    const body = concatBytes(dataObject, do97, encodeTlv(0x8e, mac));
    // Ne of the wrapped command: everything (00), short or extended as the plain one needed.
    return encodeCommand({ cla, ins: command.ins, p1: command.p1, p2: command.p2, data: body, ne: extendedLe || body.length > 255 ? 65536 : 256 });
  }

  /**
   * Unwraps a protected response; increments the counter. A plain error status without data
   * (some cards answer that way to a bad command) is passed on as is; anything with data must
   * verify. Throws SecureMessagingError on a wrong MAC or when the card refuses the channel
   * (6987, 6988), and CardDataError on malformed objects.
   */
  unprotect(raw: Uint8Array): ResponseApdu {
    const response = decodeResponse(raw);
    incrementSsc(this.#keys.ssc);
    if (response.data.length === 0) {
      if (response.sw === 0x9000) throw new SecureMessagingError('protected response without data objects');
      const refused = refusal(response.sw);
      if (refused) throw refused;
      return response;
    }
    const items = readTlvList(response.data);
    const data = items.find((item) => item.tag === 0x87 || item.tag === 0x85);
    const status = items.find((item) => item.tag === 0x99);
    const mac = items.find((item) => item.tag === 0x8e);
    if (!mac || mac.value.length !== 8) throw new SecureMessagingError('response without a MAC (DO8E)');
    if (!status || status.value.length !== 2) throw new SecureMessagingError('response without a status (DO99)');
    const macInput = concatBytes(
      this.#keys.ssc,
      ...items.filter((item) => item.tag !== 0x8e && item.end <= mac.start).map((item) => response.data.subarray(item.start, item.end)),
    );
    const expected = retailMac(this.#keys.ksMac, padIso9797(macInput));
    if (!bytesEqual(expected, mac.value)) throw new SecureMessagingError('response MAC does not verify');
    const sw = (status.value[0]! << 8) | status.value[1]!;
    const refused = refusal(sw);
    if (refused) throw refused;
    let plain: Uint8Array = new Uint8Array(0);
    if (data) {
      const cipherText = data.tag === 0x87 ? data.value.subarray(1) : data.value;
      if (data.tag === 0x87 && data.value[0] !== 0x01) throw new CardDataError('DO87 without padding indicator 01');
      if (cipherText.length === 0 || cipherText.length % 8 !== 0) throw new CardDataError('DO87 length is not a multiple of 8');
      const decrypted = tdesDecrypt(this.#keys.ksEnc, cipherText);
      const unpadded = unpadIso9797(decrypted);
      if (!unpadded) throw new CardDataError('DO87 padding is malformed');
      plain = unpadded;
    }
    return { data: plain, sw };
  }
}
