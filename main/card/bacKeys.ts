import { createHash } from 'node:crypto';
import { concatBytes } from './bytes';
import { mrzCheckDigit } from '../../preload/shared/card/mrz';

import type { BacKey } from '../../preload/contract/card';

export type { BacKey };

/** The MRZ information: document number, birth and expiry dates, each followed by its check digit. */
export function mrzInformation(key: BacKey): string {
  const number = key.documentNumber.toUpperCase().padEnd(9, '<');
  return `${number}${mrzCheckDigit(number)}${key.birthDate}${mrzCheckDigit(key.birthDate)}${key.expiryDate}${mrzCheckDigit(key.expiryDate)}`;
}

/** K_seed: the first 16 bytes of SHA-1 of the MRZ information. */
export function bacKeySeed(key: BacKey): Uint8Array {
  return new Uint8Array(createHash('sha1').update(mrzInformation(key), 'latin1').digest().subarray(0, 16));
}

/** Sets DES odd parity on every byte, as the key derivation requires. */
export function adjustParity(key: Uint8Array): Uint8Array {
  return key.map((b) => {
    let ones = 0;
    for (let bit = 1; bit < 0x100; bit <<= 1) if (b & bit && bit !== 1) ones += 1;
    return (b & 0xfe) | (ones % 2 === 0 ? 1 : 0);
  });
}

/** The 3DES key derivation of ICAO 9303 Part 11 §9.7.1: SHA-1(seed || counter), 16 bytes, parity adjusted. */
export function deriveDesKey(seed: Uint8Array, counter: 1 | 2): Uint8Array {
  const digest = createHash('sha1').update(concatBytes(seed, Uint8Array.of(0, 0, 0, counter))).digest();
  return adjustParity(new Uint8Array(digest.subarray(0, 16)));
}

/** K_enc and K_mac for a document. */
export function deriveBacKeys(key: BacKey): { kEnc: Uint8Array; kMac: Uint8Array } {
  const seed = bacKeySeed(key);
  return { kEnc: deriveDesKey(seed, 1), kMac: deriveDesKey(seed, 2) };
}
