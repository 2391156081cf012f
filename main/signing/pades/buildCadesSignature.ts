import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AsnArray, AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { Certificate, GeneralName, GeneralNames } from '@peculiar/asn1-x509';
import { IssuerSerial } from '@peculiar/asn1-x509-attr';
import {
  Attribute,
  CMSVersion,
  CertificateChoices,
  CertificateSet,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signedData,
} from '@peculiar/asn1-cms';
import type { SignatureAlgorithm } from '../../../preload/contract/signing';
import { EssCertIdV2, EssCertIdsV2, ID_AA_SIGNING_CERTIFICATE_V2, SigningCertificateV2 } from './essSigningCertificateV2';

export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: ID_AA_SIGNING_CERTIFICATE_V2,
  adobeRevocationInfoArchival: '1.2.840.113583.1.1.8',
  contentType: id_contentType,
  messageDigest: id_messageDigest,
  data: id_data,
  signedData: id_signedData,
} as const;

/**
 * ContentInfo ::= SEQUENCE { contentType, [0] EXPLICIT content } with the content typed as SignedData:
 * the generic ContentInfo holds ANY, which the library re-parses before writing it out.
 */
class SignedDataContentInfo {
  contentType: string = OID.signedData;
  content = new SignedData();

  constructor(params: Partial<SignedDataContentInfo> = {}) {
    Object.assign(this, params);
  }
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(SignedDataContentInfo.prototype, 'contentType');
AsnProp({ type: SignedData, context: 0 })(SignedDataContentInfo.prototype, 'content');

/** A SET OF Attribute on its own (tag 0x31): the bytes a CMS signer signs (RFC 5652 §5.4). */
class AttributeSet extends AsnArray<Attribute> {
  constructor(items?: Attribute[]) {
    super(items);
    Object.setPrototypeOf(this, AttributeSet.prototype);
  }
}
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(AttributeSet);

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

// A batch signs with the same few certificates: parsing them into ASN.1 classes once saves most of the CMS work.
const parsedCertificates = new Map<string, Certificate>();

function parseCertificate(der: Uint8Array): Certificate {
  const key = createHash('sha256').update(der).digest('hex');
  let parsed = parsedCertificates.get(key);
  if (!parsed) {
    parsed = AsnConvert.parse(toArrayBuffer(der), Certificate);
    if (parsedCertificates.size >= 32) parsedCertificates.clear();
    parsedCertificates.set(key, parsed);
  }
  return parsed;
}

/**
 * A certificate for the CertificateSet that serializes from its decoded DER (the schema library's
 * IAsnConvertible hook) instead of from the schema classes: the same bytes as issued, checked once
 * per certificate, without the schema round trip per signature.
 */
const issuedCertificates = new Map<string, Certificate>();

function asIssued(der: Uint8Array): Certificate {
  const key = createHash('sha256').update(der).digest('hex');
  let certificate = issuedCertificates.get(key);
  if (!certificate) {
    const decoded = asn1js.fromBER(der).result;
    const encoded = new Uint8Array(decoded.toBER(false));
    if (Buffer.compare(encoded, der) === 0) {
      const convertible = { toASN: () => decoded, fromASN: () => convertible };
      certificate = convertible as unknown as Certificate;
    } else certificate = parseCertificate(der);
    if (issuedCertificates.size >= 32) issuedCertificates.clear();
    issuedCertificates.set(key, certificate);
  }
  return certificate;
}

/** X.690 §11.6: a DER SET OF lists its elements in the order of their encodings. */
function compareEncodings(a: Uint8Array, b: Uint8Array): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function attribute(type: string, value: ArrayBuffer): Attribute {
  return new Attribute({ attrType: type, attrValues: [value] });
}

const essValues = new Map<string, ArrayBuffer>();

/** The signing-certificate-v2 value naming a certificate by SHA-256 and issuer/serial, encoded once per certificate. */
function signingCertificateV2Of(signerDer: Uint8Array): ArrayBuffer {
  const key = createHash('sha256').update(signerDer).digest('hex');
  let value = essValues.get(key);
  if (!value) {
    const signer = parseCertificate(signerDer);
    const essCertId = new EssCertIdV2({
      certHash: new OctetString(createHash('sha256').update(signerDer).digest()),
      issuerSerial: new IssuerSerial({
        issuer: new GeneralNames([new GeneralName({ directoryName: signer.tbsCertificate.issuer })]),
        serial: signer.tbsCertificate.serialNumber,
      }),
    });
    value = AsnConvert.serialize(new SigningCertificateV2({ certs: new EssCertIdsV2([essCertId]) }));
    if (essValues.size >= 32) essValues.clear();
    essValues.set(key, value);
  }
  return value;
}

export interface SignedAttributes {
  /** DER of the SET OF Attribute: what the token signs (through its SHA-256). */
  der: Uint8Array;
  attributes: Attribute[];
}

/**
 * The signed attributes of a PAdES baseline signature (ETSI EN 319 142-1 §6.3): content-type id-data,
 * message-digest of the ByteRange, and signing-certificate-v2 naming the signer's certificate by its
 * SHA-256 and issuer/serial. No signing-time: PAdES puts the claimed time in the signature dictionary's /M.
 */
export function buildSignedAttributes(contentDigest: Uint8Array, signerDer: Uint8Array): SignedAttributes {
  const unsorted = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data }).toBER()),
    attribute(OID.messageDigest, AsnConvert.serialize(new OctetString(contentDigest))),
    attribute(OID.signingCertificateV2, signingCertificateV2Of(signerDer)),
  ];
  const attributes = unsorted
    .map((item) => ({ item, der: new Uint8Array(AsnConvert.serialize(item)) }))
    .sort((a, b) => compareEncodings(a.der, b.der))
    .map(({ item }) => item);
  return { der: new Uint8Array(AsnConvert.serialize(new AttributeSet(attributes))), attributes };
}

export interface CadesSignatureParts {
  signedAttributes: SignedAttributes;
  signerDer: Uint8Array;
  /** Further certificates to carry (intermediate CAs), DER; the trust root may be left out. */
  chainDer: readonly Uint8Array[];
  algorithm: SignatureAlgorithm;
  signature: Uint8Array;
  /** An RFC 3161 TimeStampToken over the signature value, for B-T. */
  timestampToken?: Uint8Array;
}

/** The SignatureValue alone, as a time-stamp's message imprint covers it (ETSI EN 319 122-1 §5.3). */
export function signatureValueDigest(signature: Uint8Array): Uint8Array {
  return createHash('sha256').update(signature).digest();
}

/**
 * Assembles the CMS SignedData (detached: no eContent) of a CAdES/PAdES baseline signature as a DER
 * ContentInfo, ready for the PDF's /Contents.
 */
export function assembleCadesSignature(parts: CadesSignatureParts): Uint8Array {
  const signer = parseCertificate(parts.signerDer);
  const certificates = new CertificateSet([
    new CertificateChoices({ certificate: asIssued(parts.signerDer) }),
    ...parts.chainDer.map((der) => new CertificateChoices({ certificate: asIssued(der) })),
  ]);
  const signatureAlgorithm =
    parts.algorithm === 'rsa-pkcs1-sha256'
      ? new SignatureAlgorithmIdentifier({ algorithm: OID.sha256WithRsa, parameters: null })
      : new SignatureAlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 });
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: signer.tbsCertificate.issuer, serialNumber: signer.tbsCertificate.serialNumber }),
    }),
    digestAlgorithm: new DigestAlgorithmIdentifier({ algorithm: OID.sha256 }),
    signedAttrs: parts.signedAttributes.attributes,
    signatureAlgorithm,
    signature: new OctetString(parts.signature),
    ...(parts.timestampToken ? { unsignedAttrs: [attribute(OID.signatureTimeStampToken, toArrayBuffer(parts.timestampToken))] } : {}),
  });
  const signedData = new SignedData({
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new DigestAlgorithmIdentifier({ algorithm: OID.sha256 })]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates,
    signerInfos: new SignerInfos([signerInfo]),
  });
  return new Uint8Array(AsnConvert.serialize(new SignedDataContentInfo({ content: signedData })));
}
