import { createHash, type X509Certificate } from 'node:crypto';
import type { SigningCertificateInfo } from '../../preload/contract/signing';

/** One attribute (CN, O, …) of a distinguished name as Node prints it, one `KEY=value` per line. */
export function nameAttribute(name: string, key: string): string | undefined {
  for (const line of name.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && line.slice(0, at) === key) return line.slice(at + 1);
  }
  return undefined;
}

/** A distinguished name on one line, most specific part first: "CN, O, C". */
export function shortName(name: string): string {
  return name
    .split('\n')
    .filter(Boolean)
    .reverse()
    .map((line) => line.slice(line.indexOf('=') + 1))
    .join(', ');
}

/**
 * What the officer needs to pick a certificate, and whether the desk can sign with it: RSA (2048
 * bits or more) with PKCS#1 v1.5 SHA-256, or ECDSA on P-256.
 */
export function describeCertificate(certificate: X509Certificate, object: { id: string; label: string }): SigningCertificateInfo {
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const keyType = key.asymmetricKeyType === 'ec' ? 'ec' : key.asymmetricKeyType === 'rsa' ? 'rsa' : 'other';
  const supported =
    key.asymmetricKeyType === 'rsa' ? (details.modulusLength ?? 0) >= 2048 : key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1';
  return {
    id: object.id,
    label: object.label,
    subject: shortName(certificate.subject),
    organisation: nameAttribute(certificate.subject, 'O') ?? nameAttribute(certificate.subject, 'CN') ?? shortName(certificate.subject),
    issuer: shortName(certificate.issuer),
    serialNumber: certificate.serialNumber.toLowerCase(),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    keyType,
    ...(details.modulusLength ? { keySize: details.modulusLength } : {}),
    ...(details.namedCurve ? { curve: details.namedCurve } : {}),
    sha256: createHash('sha256').update(certificate.raw).digest('hex'),
    supported,
  };
}
