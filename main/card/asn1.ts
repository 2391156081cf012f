import { CardDataError } from './cardDataError';
import { readTlv, readTlvList, type Tlv } from './tlv';

/** DER universal tags the card data uses. */
export const Asn1Tag = {
  integer: 0x02,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Dotted form of an OBJECT IDENTIFIER's content octets. */
export function decodeOid(value: Uint8Array): string {
  if (value.length === 0) throw new CardDataError('empty OID');
  const parts: number[] = [];
  let n = 0;
  for (let i = 0; i < value.length; i += 1) {
    const b = value[i]!;
    n = n * 128 + (b & 0x7f);
    if (n > Number.MAX_SAFE_INTEGER / 128) throw new CardDataError('OID arc too large');
    if (!(b & 0x80)) {
      parts.push(n);
      n = 0;
    } else if (i === value.length - 1) throw new CardDataError('OID truncated');
  }
  const first = parts.shift()!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** Content octets of an OBJECT IDENTIFIER from its dotted form. */
export function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (arc: number) => {
    const bytes = [arc & 0x7f];
    for (let a = Math.floor(arc / 128); a > 0; a = Math.floor(a / 128)) bytes.unshift((a & 0x7f) | 0x80);
    out.push(...bytes);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return Uint8Array.from(out);
}

/** A small non-negative INTEGER (field numbers, versions); CardDataError beyond 2^48. */
export function decodeSmallInteger(item: Tlv): number {
  if (item.tag !== Asn1Tag.integer || item.value.length === 0 || item.value.length > 6) throw new CardDataError('expected a small INTEGER');
  let n = 0;
  for (const b of item.value) n = n * 256 + b;
  return n;
}

/** The children of a constructed element. */
export function children(item: Tlv): Tlv[] {
  return readTlvList(item.value);
}

/** Reads one element that must have `tag`. */
export function expectTlv(buffer: Uint8Array, tag: number, what: string, offset = 0): Tlv {
  const item = readTlv(buffer, offset);
  if (item.tag !== tag) throw new CardDataError(`${what}: expected tag ${tag.toString(16)}, found ${item.tag.toString(16)}`);
  return item;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const latin1 = new TextDecoder('latin1');

/** Text of an ASN.1 string type, or undefined if the element is not a string. */
export function decodeAsn1String(item: Tlv): string | undefined {
  switch (item.tag) {
    case Asn1Tag.utf8String:
      return utf8.decode(item.value);
    case Asn1Tag.printableString:
    case Asn1Tag.ia5String:
    case Asn1Tag.t61String:
      return latin1.decode(item.value);
    case Asn1Tag.bmpString: {
      let s = '';
      for (let i = 0; i + 1 < item.value.length; i += 2) s += String.fromCharCode((item.value[i]! << 8) | item.value[i + 1]!);
      return s;
    }
    default:
      return undefined;
  }
}
