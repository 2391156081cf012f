import { cardFailureMessage } from './cardFailure';
import { DeskFailure } from '../../preload/shared/errors/DeskFailure';
import { randomBytes } from 'node:crypto';
import { decodeResponse, encodeCommand, type CardChannel } from './apdu';
import { deriveBacKeys, deriveDesKey, type BacKey } from './bacKeys';
import { bytesEqual, concatBytes, xorBytes } from './bytes';
import { CardDataError } from './cardDataError';
import { padIso9797, retailMac, tdesDecrypt, tdesEncrypt } from './desCrypto';
import type { SessionKeys } from './secureMessaging';

/** The card refused EXTERNAL AUTHENTICATE, or its answer did not prove knowledge of the keys. */
export class BacRefusedError extends DeskFailure {
  readonly sw: number | undefined;
  constructor(message: string, sw?: number) {
    super('card-wrong-key', cardFailureMessage('wrong-key'), message, { message });
    this.name = 'BacRefusedError';
    this.sw = sw;
  }
}

/** Randomness of the terminal side; injectable so the ICAO worked example can be replayed. */
export interface BacRandom {
  rndIfd: Uint8Array;
  kIfd: Uint8Array;
}

/** The EXTERNAL AUTHENTICATE command data: E_IFD || M_IFD (ICAO 9303 Part 11 §9.7.4.2). */
export function buildMutualAuthData(kEnc: Uint8Array, kMac: Uint8Array, rndIc: Uint8Array, random: BacRandom): Uint8Array {
  const s = concatBytes(random.rndIfd, rndIc, random.kIfd);
  const eIfd = tdesEncrypt(kEnc, s);
  return concatBytes(eIfd, retailMac(kMac, padIso9797(eIfd)));
}

/**
 * Checks the card's E_IC || M_IC, and derives the session keys and the send sequence counter
 * from K_IFD xor K_IC. Throws BacRefusedError when the MAC or the echoed nonces are wrong.
 */
export function completeMutualAuth(kEnc: Uint8Array, kMac: Uint8Array, rndIc: Uint8Array, random: BacRandom, response: Uint8Array): SessionKeys {
  if (response.length !== 40) throw new BacRefusedError(`EXTERNAL AUTHENTICATE answer has ${response.length} bytes, not 40`);
  const eIc = response.subarray(0, 32);
  if (!bytesEqual(retailMac(kMac, padIso9797(eIc)), response.subarray(32))) throw new BacRefusedError('card cryptogram MAC does not verify');
  const r = tdesDecrypt(kEnc, eIc);
  if (!bytesEqual(r.subarray(0, 8), rndIc) || !bytesEqual(r.subarray(8, 16), random.rndIfd)) throw new BacRefusedError('card did not echo the challenges');
  const seed = xorBytes(random.kIfd, r.subarray(16, 32));
  return {
    ksEnc: deriveDesKey(seed, 1),
    ksMac: deriveDesKey(seed, 2),
    ssc: concatBytes(rndIc.subarray(4, 8), random.rndIfd.subarray(4, 8)),
  };
}

/**
 * Basic Access Control over a card channel: GET CHALLENGE, EXTERNAL AUTHENTICATE, session keys.
 * The eMRTD application must already be selected.
 */
export async function performBac(channel: CardChannel, key: BacKey, random: BacRandom = { rndIfd: randomBytes(8), kIfd: randomBytes(16) }): Promise<SessionKeys> {
  const { kEnc, kMac } = deriveBacKeys(key);
  const challenge = decodeResponse(await channel.transmit(encodeCommand({ cla: 0x00, ins: 0x84, p1: 0, p2: 0, ne: 8 })));
  if (challenge.sw !== 0x9000 || challenge.data.length !== 8) throw new CardDataError(`GET CHALLENGE failed: SW ${challenge.sw.toString(16)}, ${challenge.data.length} bytes`);
  const rndIc = Uint8Array.from(challenge.data);
  const data = buildMutualAuthData(kEnc, kMac, rndIc, random);
  const answer = decodeResponse(await channel.transmit(encodeCommand({ cla: 0x00, ins: 0x82, p1: 0, p2: 0, data, ne: 40 })));
  if (answer.sw !== 0x9000) throw new BacRefusedError(`EXTERNAL AUTHENTICATE refused: SW ${answer.sw.toString(16).padStart(4, '0')}`, answer.sw);
  return completeMutualAuth(kEnc, kMac, rndIc, random, answer.data);
}
