import { CardDataError } from './cardDataError';
import { Asn1Tag, children, decodeOid, decodeSmallInteger, expectTlv } from './asn1';
import { readTlv, type Tlv } from './tlv';

/** OIDs of the algorithms the SOD may name. */
export const digestOids: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export interface SignatureAlgorithm {
  kind: 'rsa' | 'rsa-pss' | 'ecdsa';
  /** Digest bound to the algorithm, if the OID names one (rsaEncryption does not). */
  digest: string | undefined;
  /** PSS salt length (defaults to 20 per RFC 4055 when absent). */
  saltLength?: number;
}

export const signatureOids: Record<string, SignatureAlgorithm> = {
  '1.2.840.113549.1.1.1': { kind: 'rsa', digest: undefined },
  '1.2.840.113549.1.1.5': { kind: 'rsa', digest: 'sha1' },
  '1.2.840.113549.1.1.14': { kind: 'rsa', digest: 'sha224' },
  '1.2.840.113549.1.1.11': { kind: 'rsa', digest: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', digest: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', digest: 'sha512' },
  '1.2.840.113549.1.1.10': { kind: 'rsa-pss', digest: undefined },
  '1.2.840.10045.4.1': { kind: 'ecdsa', digest: 'sha1' },
  '1.2.840.10045.4.3.1': { kind: 'ecdsa', digest: 'sha224' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', digest: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', digest: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', digest: 'sha512' },
};

export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';

export interface SecurityObject {
  /** Digest of the data-group hashes (node:crypto name). */
  hashAlgorithm: string;
  /** Data group number → hash stored in the SOD. */
  hashes: Map<number, Uint8Array>;
  /** The encapsulated LDSSecurityObject, exactly as signed. */
  eContent: Uint8Array;
  eContentType: string;
  /** DER certificates carried in the SignedData (the document signer's). */
  certificates: Uint8Array[];
  signer: {
    digestAlgorithm: string;
    /** DER of the signed attributes with the SET tag, as the signature covers them; undefined if absent. */
    signedAttributes: Uint8Array | undefined;
    /** messageDigest attribute value. */
    messageDigest: Uint8Array | undefined;
    contentType: string | undefined;
    signatureAlgorithm: SignatureAlgorithm;
    signature: Uint8Array;
  };
}

function algorithmOid(item: Tlv, what: string): { oid: string; params: Tlv[] } {
  if (item.tag !== Asn1Tag.sequence) throw new CardDataError(`${what}: AlgorithmIdentifier expected`);
  const [oid, ...params] = children(item);
  if (!oid || oid.tag !== Asn1Tag.oid) throw new CardDataError(`${what}: algorithm OID missing`);
  return { oid: decodeOid(oid.value), params };
}

function digestName(item: Tlv, what: string): string {
  const { oid } = algorithmOid(item, what);
  const name = digestOids[oid];
  if (!name) throw new CardDataError(`${what}: unsupported digest ${oid}`);
  return name;
}

function pssSaltLength(params: Tlv[]): { digest: string; saltLength: number } {
  let digest = 'sha1';
  let saltLength = 20;
  const seq = params[0];
  if (seq && seq.tag === Asn1Tag.sequence) {
    for (const field of children(seq)) {
      const inner = children(field)[0];
      if (!inner) continue;
      if (field.tag === 0xa0) digest = digestName(inner, 'PSS hash');
      if (field.tag === 0xa2) saltLength = decodeSmallInteger(inner);
    }
  }
  return { digest, saltLength };
}

function parseLdsSecurityObject(eContent: Uint8Array): { hashAlgorithm: string; hashes: Map<number, Uint8Array> } {
  const root = expectTlv(eContent, Asn1Tag.sequence, 'LDSSecurityObject');
  const [version, algorithm, list] = children(root);
  if (!version || !algorithm || !list || list.tag !== Asn1Tag.sequence) throw new CardDataError('LDSSecurityObject incomplete');
  decodeSmallInteger(version);
  const hashAlgorithm = digestName(algorithm, 'LDSSecurityObject');
  const hashes = new Map<number, Uint8Array>();
  for (const entry of children(list)) {
    const [number, hash] = children(entry);
    if (!number || !hash || hash.tag !== Asn1Tag.octetString) throw new CardDataError('DataGroupHash malformed');
    const n = decodeSmallInteger(number);
    if (n < 1 || n > 16 || hashes.has(n)) throw new CardDataError(`DataGroupHash number ${n} invalid or repeated`);
    hashes.set(n, hash.value);
  }
  return { hashAlgorithm, hashes };
}

/** Parses EF.SOD (tag 0x77): a CMS SignedData over the LDSSecurityObject (ICAO 9303 Part 10 §4.6.2). */
export function parseSod(bytes: Uint8Array): SecurityObject {
  const wrapper = expectTlv(bytes, 0x77, 'EF.SOD');
  const contentInfo = expectTlv(wrapper.value, Asn1Tag.sequence, 'ContentInfo');
  const [type, explicit] = children(contentInfo);
  if (!type || type.tag !== Asn1Tag.oid || decodeOid(type.value) !== OID_SIGNED_DATA || !explicit || explicit.tag !== 0xa0) throw new CardDataError('EF.SOD is not CMS SignedData');
  const signedData = expectTlv(explicit.value, Asn1Tag.sequence, 'SignedData');
  const parts = children(signedData);
  const encap = parts[2];
  if (!encap || encap.tag !== Asn1Tag.sequence) throw new CardDataError('SignedData without encapsulated content');
  const [contentType, contentExplicit] = children(encap);
  if (!contentType || contentType.tag !== Asn1Tag.oid || !contentExplicit || contentExplicit.tag !== 0xa0) throw new CardDataError('encapsulated content missing');
  const eContentItem = expectTlv(contentExplicit.value, Asn1Tag.octetString, 'eContent');
  const eContent = eContentItem.value;
  const certificates: Uint8Array[] = [];
  let signerInfos: Tlv | undefined;
  for (const part of parts.slice(3)) {
    if (part.tag === 0xa0) for (const cert of children(part)) certificates.push(bytesOf(part.value, cert));
    else if (part.tag === Asn1Tag.set) signerInfos = part;
  }
  const signerInfo = signerInfos ? children(signerInfos)[0] : undefined;
  if (!signerInfo) throw new CardDataError('SignedData without SignerInfo');
  const fields = children(signerInfo);
  const digestAlgorithm = digestName(fields[2] ?? fail('SignerInfo digest algorithm missing'), 'SignerInfo');
  let at = 3;
  let signedAttributes: Uint8Array | undefined;
  let messageDigest: Uint8Array | undefined;
  let signedContentType: string | undefined;
  if (fields[at]?.tag === 0xa0) {
    const attrs = fields[at]!;
    const der = bytesOf(signerInfo.value, attrs);
    signedAttributes = Uint8Array.from(der);
    signedAttributes[0] = Asn1Tag.set;
    for (const attribute of children(attrs)) {
      const [oid, values] = children(attribute);
      if (!oid || oid.tag !== Asn1Tag.oid || !values) continue;
      const first = children(values)[0];
      const name = decodeOid(oid.value);
      if (name === OID_MESSAGE_DIGEST && first?.tag === Asn1Tag.octetString) messageDigest = first.value;
      if (name === OID_CONTENT_TYPE && first?.tag === Asn1Tag.oid) signedContentType = decodeOid(first.value);
    }
    at += 1;
  }
  const signatureAlgorithmItem = fields[at] ?? fail('SignerInfo signature algorithm missing');
  const { oid: signatureOid, params } = algorithmOid(signatureAlgorithmItem, 'SignerInfo signature');
  const known = signatureOids[signatureOid];
  if (!known) throw new CardDataError(`unsupported signature algorithm ${signatureOid}`);
  const signatureAlgorithm: SignatureAlgorithm = known.kind === 'rsa-pss' ? { kind: 'rsa-pss', ...pssSaltLength(params) } : known;
  const signature = fields[at + 1];
  if (!signature || signature.tag !== Asn1Tag.octetString) throw new CardDataError('SignerInfo signature missing');
  return {
    ...parseLdsSecurityObject(eContent),
    eContent,
    eContentType: decodeOid(contentType.value),
    certificates,
    signer: { digestAlgorithm, signedAttributes, messageDigest, contentType: signedContentType, signatureAlgorithm, signature: signature.value },
  };
}

/** The whole encoding (tag, length, value) of a child element within its parent's value. */
function bytesOf(parentValue: Uint8Array, child: Tlv): Uint8Array {
  return parentValue.subarray(child.start, child.end);
}

function fail(message: string): never {
  throw new CardDataError(message);
}

/** Re-reads a DER element to confirm it is one well-formed TLV (used for certificates). */
export function isSingleTlv(bytes: Uint8Array): boolean {
  try {
    return readTlv(bytes).end === bytes.length;
  } catch {
    return false;
  }
}
