import { createCipheriv, createDecipheriv } from 'node:crypto';
import { concatBytes, xorBytes } from './bytes';

/**
 * The DES primitives of BAC and its secure messaging (ICAO 9303 Part 11 §9.7/§9.8): two-key 3DES in
 * CBC mode with a zero IV, ISO 9797-1 padding method 2, and the ISO 9797-1 MAC algorithm 3
 * ("retail MAC"). Single DES is 3DES with three equal keys, so only the default OpenSSL provider
 * is needed.
 */

const ZERO_IV = new Uint8Array(8);

function twoKeyTo3des(key: Uint8Array): Uint8Array {
  if (key.length !== 16) throw new RangeError('a 3DES key has 16 bytes');
  return concatBytes(key, key.subarray(0, 8));
}

/** 3DES-CBC encryption with zero IV; `data` must already be padded to 8 bytes. */
export function tdesEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  const cipher = createCipheriv('des-ede3-cbc', twoKeyTo3des(key), iv);
  cipher.setAutoPadding(false);
  return concatBytes(cipher.update(data), cipher.final());
}

/** 3DES-CBC decryption with zero IV; the padding stays in place. */
export function tdesDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  const decipher = createDecipheriv('des-ede3-cbc', twoKeyTo3des(key), iv);
  decipher.setAutoPadding(false);
  return concatBytes(decipher.update(data), decipher.final());
}

/** ISO 9797-1 padding method 2 (ISO/IEC 7816-4): 0x80 then zeros up to a multiple of 8. */
export function padIso9797(data: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.floor(data.length / 8) * 8 + 8);
  padded.set(data);
  padded[data.length] = 0x80;
  return padded;
}

/** Removes ISO 9797-1 method 2 padding; undefined when the padding is malformed. */
export function unpadIso9797(data: Uint8Array): Uint8Array | undefined {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i -= 1;
  if (i < 0 || data[i] !== 0x80 || data.length - i > 8) return undefined;
  return data.subarray(0, i);
}

/** ISO 9797-1 MAC algorithm 3 with DES: single-DES CBC with Ka, then the last block through 3DES (Ka, Kb). */
export function retailMac(key: Uint8Array, paddedData: Uint8Array): Uint8Array {
  if (paddedData.length === 0 || paddedData.length % 8 !== 0) throw new RangeError('MAC input must be padded to 8 bytes');
  const ka = key.subarray(0, 8);
  let h: Uint8Array = new Uint8Array(8);
  const singleKey = concatBytes(ka, ka, ka);
  const blocks = paddedData.length / 8;
  if (blocks > 1) {
    const cipher = createCipheriv('des-ede3-cbc', singleKey, ZERO_IV);
    cipher.setAutoPadding(false);
    const out = concatBytes(cipher.update(paddedData.subarray(0, (blocks - 1) * 8)), cipher.final());
    h = out.subarray(out.length - 8);
  }
  const last = xorBytes(h, paddedData.subarray((blocks - 1) * 8));
  return tdesEncrypt(key, last);
}
