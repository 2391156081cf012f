import { X509Certificate, createHash, verify } from 'node:crypto';
import type { PadesLevel, SignatureAlgorithm } from '../../../preload/contract/signing';
import { SigningFailure } from '../SigningFailure';
import { assembleCadesSignature, buildSignedAttributes, signatureValueDigest } from './buildCadesSignature';
import { embedSignature, preparePdfSignature } from './preparePdfSignature';
import { requestTimestamp } from './requestTimestamp';

/** The signer as PAdES needs it: its certificate, the CA certificates to carry, and a way to sign a digest. */
export interface PdfSigner {
  certificate: Uint8Array;
  chain: readonly Uint8Array[];
  /**
   * Signs the SHA-256 `digest` of the DER signed attributes (`message`): a token is handed the digest
   * only; a software key, as tests use, may sign the message itself.
   */
  sign(digest: Uint8Array, message: Uint8Array): Promise<{ algorithm: SignatureAlgorithm; signature: Uint8Array }>;
}

export interface PadesRequest {
  pdf: Uint8Array;
  signer: PdfSigner;
  /** Lines of the visible signature (copy form, agency, time) and the font they are drawn in. */
  appearanceLines: (signedAt: Date) => string[];
  font: Uint8Array;
  signedAt: Date;
  /** RFC 3161 server: B-T when given, B-B otherwise. */
  tsaUrl?: string | null;
  fetch?: typeof fetch;
  name?: string;
}

export interface PadesResult {
  pdf: Uint8Array;
  level: PadesLevel;
  signedAt: Date;
  timestampedAt?: Date;
  bytesAdded: number;
}

function signedBytesDigest(bytes: Uint8Array, byteRange: readonly [number, number, number, number]): Uint8Array {
  const [a, b, c, d] = byteRange;
  return createHash('sha256')
    .update(bytes.subarray(a, a + b))
    .update(bytes.subarray(c, c + d))
    .digest();
}

/**
 * Signs a PDF as PAdES baseline B-B (B-T with a time-stamp server) in one incremental update: the
 * ByteRange digest goes into CAdES signed attributes, the token signs their digest, the signature is
 * checked against the certificate (a key that does not match its certificate is refused), a
 * time-stamp over the signature value is added for B-T, and the CMS fills the reserved /Contents.
 * When the CMS turns out larger than reserved, the update is laid out again with room for it.
 */
export async function signPdfPades(request: PadesRequest): Promise<PadesResult> {
  const certificate = new X509Certificate(request.signer.certificate);
  // The CMS of B-B has a known size: laid out once with a signature of the largest length the key gives
  // (RSA: its modulus; ECDSA P-256: 72 bytes of DER at most). A TSA token brings its own certificates.
  const modulus = certificate.publicKey.asymmetricKeyDetails?.modulusLength;
  const largestSignature = modulus ? Math.ceil(modulus / 8) : 72;
  const sizing = assembleCadesSignature({
    signedAttributes: buildSignedAttributes(new Uint8Array(32), request.signer.certificate),
    signerDer: request.signer.certificate,
    chainDer: request.signer.chain,
    algorithm: modulus ? 'rsa-pkcs1-sha256' : 'ecdsa-p256-sha256',
    signature: new Uint8Array(largestSignature),
  });
  let contentsSize = sizing.length + 16 + (request.tsaUrl ? 6144 : 0);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const prepared = await preparePdfSignature({
      pdf: request.pdf,
      signedAt: request.signedAt,
      appearance: { lines: request.appearanceLines(request.signedAt), font: request.font },
      contentsSize,
      ...(request.name ? { name: request.name } : {}),
    });
    const attributes = buildSignedAttributes(signedBytesDigest(prepared.bytes, prepared.byteRange), request.signer.certificate);
    const { algorithm, signature } = await request.signer.sign(createHash('sha256').update(attributes.der).digest(), attributes.der);
    const matches = verify('sha256', attributes.der, algorithm === 'ecdsa-p256-sha256' ? { key: certificate.publicKey, dsaEncoding: 'der' } : certificate.publicKey, signature);
    if (!matches) throw new SigningFailure('signing-key-missing', 'Khóa bí mật trên token không khớp với chứng thư số đã chọn.', `signature does not verify with certificate ${certificate.fingerprint256}`);
    const timestamp = request.tsaUrl ? await requestTimestamp(request.tsaUrl, signatureValueDigest(signature), request.fetch ? { fetch: request.fetch } : {}) : undefined;
    const cms = assembleCadesSignature({
      signedAttributes: attributes,
      signerDer: request.signer.certificate,
      chainDer: request.signer.chain,
      algorithm,
      signature,
      ...(timestamp ? { timestampToken: timestamp.token } : {}),
    });
    if (cms.length > contentsSize) {
      contentsSize = cms.length + 1024;
      continue;
    }
    const pdf = embedSignature(prepared, cms);
    return {
      pdf,
      level: timestamp ? 'B-T' : 'B-B',
      signedAt: request.signedAt,
      ...(timestamp ? { timestampedAt: timestamp.genTime } : {}),
      bytesAdded: pdf.length - request.pdf.length,
    };
  }
  throw new Error('CMS did not fit the reserved /Contents twice');
}
