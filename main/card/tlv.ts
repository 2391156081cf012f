import { CardDataError } from './cardDataError';
import { concatBytes } from './bytes';

/** One BER-TLV element; `value` is a view into the parsed buffer, `end` the offset after it. */
export interface Tlv {
  tag: number;
  constructed: boolean;
  value: Uint8Array;
  /** Offset of the first byte after this element in the parsed buffer. */
  end: number;
  /** Offset of the tag in the parsed buffer (the element's bytes are buffer[start, end)). */
  start: number;
}

/** Largest value length accepted: no data group or SOD comes near it, and it bounds allocations. */
const MAX_LENGTH = 16 * 1024 * 1024;

/**
 * Reads one BER-TLV element at `offset`. Tags of up to 4 bytes, definite lengths up to 4 bytes;
 * anything else (indefinite length, truncated buffer, absurd length) is a CardDataError.
 */
export function readTlv(buffer: Uint8Array, offset = 0): Tlv {
  let at = offset;
  const byte = (): number => {
    if (at >= buffer.length) throw new CardDataError(`TLV truncated at ${at}`);
    return buffer[at++]!;
  };
  const first = byte();
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let count = 0;
    let next: number;
    do {
      next = byte();
      tag = tag * 256 + next;
      count += 1;
      if (count > 3) throw new CardDataError('TLV tag longer than 4 bytes');
    } while (next & 0x80);
  }
  const lengthByte = byte();
  let length = lengthByte;
  if (lengthByte === 0x80) throw new CardDataError('TLV indefinite length is not allowed');
  if (lengthByte > 0x80) {
    const n = lengthByte & 0x7f;
    if (n > 4) throw new CardDataError(`TLV length of ${n} bytes`);
    length = 0;
    for (let i = 0; i < n; i += 1) length = length * 256 + byte();
  }
  if (length > MAX_LENGTH) throw new CardDataError(`TLV length ${length} too large`);
  if (at + length > buffer.length) throw new CardDataError(`TLV value of ${length} bytes overruns the buffer at ${at}`);
  return { tag, constructed: (first & 0x20) !== 0, value: buffer.subarray(at, at + length), end: at + length, start: offset };
}

/** Reads consecutive TLV elements filling `buffer` exactly (padding 0x00/0xFF between them is skipped). */
export function readTlvList(buffer: Uint8Array): Tlv[] {
  const items: Tlv[] = [];
  let at = 0;
  while (at < buffer.length) {
    if (buffer[at] === 0x00 || buffer[at] === 0xff) {
      at += 1;
      continue;
    }
    const item = readTlv(buffer, at);
    items.push(item);
    at = item.end;
  }
  return items;
}

/** The first child with `tag`, or undefined. */
export function findTlv(buffer: Uint8Array, tag: number): Tlv | undefined {
  return readTlvList(buffer).find((item) => item.tag === tag);
}

/** Like findTlv but the element must exist. */
export function requireTlv(buffer: Uint8Array, tag: number, what: string): Tlv {
  const item = findTlv(buffer, tag);
  if (!item) throw new CardDataError(`${what}: tag ${tag.toString(16)} missing`);
  return item;
}

/** The length octets of a definite BER/DER length. */
export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Encodes one TLV element (DER lengths) from a tag number and its value parts. */
export function encodeTlv(tag: number, ...value: Uint8Array[]): Uint8Array {
  const tagBytes: number[] = [];
  for (let t = tag; t > 0 || tagBytes.length === 0; t = Math.floor(t / 256)) tagBytes.unshift(t & 0xff);
  const body = concatBytes(...value);
  return concatBytes(Uint8Array.from(tagBytes), encodeLength(body.length), body);
}
