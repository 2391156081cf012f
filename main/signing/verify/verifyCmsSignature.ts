import { X509Certificate, createHash, verify as verifySignature } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import type { Certificate } from '@peculiar/asn1-x509';
import { ContentInfo, SignedData, type SignerInfo } from '@peculiar/asn1-cms';
import { OID } from '../pades/buildCadesSignature';
import { SigningCertificateV2 } from '../pades/essSigningCertificateV2';
import { signedAttributesOf } from '../cmsSignedAttributes';

const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};
const RSA_SIGNATURES = new Set([OID.rsaEncryption, OID.sha256WithRsa, '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13', '1.2.840.113549.1.1.5']);
const ECDSA_SIGNATURES = new Set([OID.ecdsaWithSha256, '1.2.840.10045.4.3.3', '1.2.840.10045.4.3.4', '1.2.840.10045.2.1']);

/** What one CMS SignedData says about itself, checked; never throws on hostile bytes. */
export interface CmsCheck {
  /** False when the bytes are not a SignedData this desk can read at all. */
  readable: boolean;
  /** The content digest in the signed attributes equals the digest of what it covers. */
  digestMatches: boolean;
  /** The signer's signature over the signed attributes verifies with the signer's certificate. */
  signatureValid: boolean;
  signer?: X509Certificate;
  /** Every certificate carried in the SignedData. */
  certificates: X509Certificate[];
  digestAlgorithm?: string;
  signingCertificate: 'v2-matches' | 'v2-mismatch' | 'v1' | 'absent';
  hasSigningTime: boolean;
  hasRevocationArchival: boolean;
  hasCrls: boolean;
  /** DER of the signature value (a time-stamp covers it) and the time-stamp tokens in unsigned attributes. */
  signatureValue?: Uint8Array;
  timestampTokens: Uint8Array[];
  /** The encapsulated content (a time-stamp token's TSTInfo), when attached. */
  eContent?: Uint8Array;
  eContentType?: string;
  problems: string[];
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

function equalBytes(a: Uint8Array | ArrayBuffer, b: Uint8Array | ArrayBuffer): boolean {
  return Buffer.compare(Buffer.from(a instanceof Uint8Array ? a : new Uint8Array(a)), Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b))) === 0;
}

/** The DER of the first element of `bytes` (a /Contents is zero-padded after its CMS). */
export function firstElement(bytes: Uint8Array): Uint8Array | undefined {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1) return undefined;
  return bytes.subarray(0, parsed.offset);
}

function attributeValue(signerInfo: SignerInfo, type: string, unsigned = false): ArrayBuffer[] {
  const attributes = (unsigned ? signerInfo.unsignedAttrs : signerInfo.signedAttrs) ?? [];
  return attributes.filter((a) => a.attrType === type).flatMap((a) => a.attrValues);
}

function findSigner(signerInfo: SignerInfo, certificates: Array<{ parsed: Certificate; x509: X509Certificate }>): X509Certificate | undefined {
  const byIssuer = signerInfo.sid.issuerAndSerialNumber;
  if (byIssuer) {
    const issuer = new Uint8Array(AsnConvert.serialize(byIssuer.issuer));
    return certificates.find(
      (c) => equalBytes(c.parsed.tbsCertificate.serialNumber, byIssuer.serialNumber) && equalBytes(new Uint8Array(AsnConvert.serialize(c.parsed.tbsCertificate.issuer)), issuer),
    )?.x509;
  }
  const keyId = signerInfo.sid.subjectKeyIdentifier;
  if (keyId) {
    return certificates.find((c) => {
      const ski = c.parsed.tbsCertificate.extensions?.find((e) => e.extnID === '2.5.29.14');
      if (!ski) return false;
      const inner = asn1js.fromBER(new Uint8Array(ski.extnValue.buffer));
      return inner.result instanceof asn1js.OctetString && equalBytes(new Uint8Array(inner.result.valueBlock.valueHexView), new Uint8Array(keyId.buffer));
    })?.x509;
  }
  return undefined;
}

/**
 * Checks a CMS SignedData with one signer (RFC 5652 §5): over `detachedContent` when given (a PDF's
 * ByteRange), else over its own encapsulated content. The signed attributes are verified as they were
 * received (not re-encoded); signing-certificate-v2 is compared with the signer certificate.
 * Trust is not judged here: the caller builds the chain from `certificates`.
 */
export function verifyCmsSignature(cms: Uint8Array, detachedContent?: (algorithm: string) => Uint8Array): CmsCheck {
  const check: CmsCheck = {
    readable: false,
    digestMatches: false,
    signatureValid: false,
    certificates: [],
    signingCertificate: 'absent',
    hasSigningTime: false,
    hasRevocationArchival: false,
    hasCrls: false,
    timestampTokens: [],
    problems: [],
  };
  let signed: SignedData;
  try {
    const info = AsnConvert.parse(toArrayBuffer(cms), ContentInfo);
    if (info.contentType !== OID.signedData) {
      check.problems.push(`ContentInfo is ${info.contentType}, not signedData`);
      return check;
    }
    signed = AsnConvert.parse(info.content, SignedData);
  } catch (error) {
    check.problems.push(`CMS unreadable: ${error instanceof Error ? error.message : String(error)}`);
    return check;
  }
  const signerInfo = signed.signerInfos[0];
  if (!signerInfo) {
    check.problems.push('SignedData has no SignerInfo');
    return check;
  }
  if (signed.signerInfos.length > 1) check.problems.push(`${signed.signerInfos.length} SignerInfos; only the first is checked`);
  check.readable = true;
  check.eContentType = signed.encapContentInfo.eContentType;
  const econtent = signed.encapContentInfo.eContent;
  if (econtent) {
    const inner = econtent.single ?? econtent.any;
    if (inner) check.eContent = new Uint8Array(inner instanceof OctetString ? inner.buffer : inner);
  }
  const certificates: Array<{ parsed: Certificate; x509: X509Certificate }> = [];
  for (const choice of signed.certificates ?? []) {
    if (!choice.certificate) continue;
    try {
      const der = new Uint8Array(AsnConvert.serialize(choice.certificate));
      certificates.push({ parsed: choice.certificate, x509: new X509Certificate(der) });
    } catch (error) {
      check.problems.push(`unreadable certificate in CMS: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  check.certificates = certificates.map((c) => c.x509);
  check.hasCrls = (signed.crls?.length ?? 0) > 0;
  check.signatureValue = new Uint8Array(signerInfo.signature.buffer);
  check.timestampTokens = attributeValue(signerInfo, OID.signatureTimeStampToken, true).map((value) => new Uint8Array(value));
  check.hasSigningTime = attributeValue(signerInfo, OID.signingTime).length > 0;
  check.hasRevocationArchival = attributeValue(signerInfo, OID.adobeRevocationInfoArchival).length > 0;

  const digestAlgorithm = DIGESTS[signerInfo.digestAlgorithm.algorithm];
  if (!digestAlgorithm) {
    check.problems.push(`digest algorithm ${signerInfo.digestAlgorithm.algorithm} not supported`);
    return check;
  }
  check.digestAlgorithm = digestAlgorithm;
  const signer = findSigner(signerInfo, certificates);
  if (!signer) check.problems.push('signer certificate not in the CMS');
  else check.signer = signer;

  const signedAttributes = signedAttributesOf(cms);
  if (!signedAttributes) {
    check.problems.push('no signed attributes');
    return check;
  }
  const [messageDigest] = attributeValue(signerInfo, OID.messageDigest);
  const [contentType] = attributeValue(signerInfo, OID.contentType);
  const content = detachedContent ? detachedContent(digestAlgorithm) : check.eContent ? createHash(digestAlgorithm).update(check.eContent).digest() : undefined;
  if (!messageDigest || !content) check.problems.push('message-digest attribute or content missing');
  else {
    try {
      const declared = AsnConvert.parse(messageDigest, OctetString);
      check.digestMatches = equalBytes(new Uint8Array(declared.buffer), content);
      if (!check.digestMatches) check.problems.push('message digest differs from the signed bytes');
    } catch {
      check.problems.push('message-digest attribute unreadable');
    }
  }
  if (!contentType) check.problems.push('content-type attribute missing');
  else {
    const parsed = asn1js.fromBER(new Uint8Array(contentType));
    const value = parsed.result instanceof asn1js.ObjectIdentifier ? parsed.result.valueBlock.toString() : undefined;
    if (value !== check.eContentType) check.problems.push(`content-type attribute ${value} differs from ${check.eContentType}`);
  }

  const [essV2] = attributeValue(signerInfo, OID.signingCertificateV2);
  if (essV2) {
    try {
      const ess = AsnConvert.parse(essV2, SigningCertificateV2);
      const first = ess.certs[0];
      const algorithm = DIGESTS[first?.hashAlgorithm?.algorithm ?? OID.sha256];
      const matches = !!first && !!algorithm && !!signer && equalBytes(new Uint8Array(first.certHash.buffer), createHash(algorithm).update(signer.raw).digest());
      check.signingCertificate = matches ? 'v2-matches' : 'v2-mismatch';
      if (!matches) check.problems.push('signing-certificate-v2 does not name the signer certificate');
    } catch {
      check.signingCertificate = 'v2-mismatch';
      check.problems.push('signing-certificate-v2 unreadable');
    }
  } else if (attributeValue(signerInfo, OID.signingCertificate).length > 0) check.signingCertificate = 'v1';

  if (signer) {
    const algorithm = signerInfo.signatureAlgorithm.algorithm;
    try {
      if (RSA_SIGNATURES.has(algorithm)) check.signatureValid = verifySignature(digestAlgorithm, signedAttributes, signer.publicKey, check.signatureValue);
      else if (ECDSA_SIGNATURES.has(algorithm)) check.signatureValid = verifySignature(digestAlgorithm, signedAttributes, { key: signer.publicKey, dsaEncoding: 'der' }, check.signatureValue);
      else check.problems.push(`signature algorithm ${algorithm} not supported`);
    } catch (error) {
      check.problems.push(`signature check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!check.signatureValid && (RSA_SIGNATURES.has(algorithm) || ECDSA_SIGNATURES.has(algorithm))) check.problems.push('signature does not verify with the signer certificate');
  }
  return check;
}
