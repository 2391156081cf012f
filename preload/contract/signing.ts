import { z } from 'zod';
import { defineService } from './defineService';

const bytes = (what: string, max: number) =>
  z.custom<Uint8Array>((value) => value instanceof Uint8Array && value.byteLength <= max, `cần dữ liệu nhị phân (${what}, tối đa ${max} byte)`);

/**
 * Where the desk finds its signing token and time-stamp server. The PKCS#11 module is the library the
 * token's vendor installs (e.g. `C:\Windows\System32\vnpt-ca_v34.dll`, `/usr/lib/softhsm/libsofthsm2.so`).
 */
export const SigningSettings = z.object({
  /** Absolute path of the vendor's PKCS#11 library (.dll, .so, .dylib); null until configured. */
  modulePath: z
    .string()
    .min(3)
    .max(1024)
    .refine((value) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value), 'cần đường dẫn tuyệt đối')
    .refine((value) => /\.(dll|dylib|so(\.\d+)*)$/i.test(value), 'cần tệp thư viện .dll, .so hoặc .dylib')
    .nullable(),
  /** RFC 3161 time-stamp server: when set, signatures are PAdES B-T; without it, B-B. */
  tsaUrl: z
    .string()
    .max(2048)
    .refine((value) => /^https?:\/\//i.test(value), 'cần địa chỉ http(s)')
    .nullable(),
  /** The agency's name as shown on a signed copy; the certificate's organisation when null. */
  agencyName: z.string().min(1).max(300).nullable(),
});
export type SigningSettings = z.infer<typeof SigningSettings>;

/** PIN state as the token reports it (PKCS#11 token flags); read again after every failed login. */
export const PinState = z.object({
  countLow: z.boolean(),
  finalTry: z.boolean(),
  locked: z.boolean(),
});
export type PinState = z.infer<typeof PinState>;

export const SigningTokenInfo = z.object({
  /** The token's serial number: how the desk names a token across slots and re-insertions. */
  serial: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  loggedIn: z.boolean(),
  pin: PinState,
});
export type SigningTokenInfo = z.infer<typeof SigningTokenInfo>;

export const SigningCertificateInfo = z.object({
  /** CKA_ID in hex: pairs the certificate with its private key on the token. */
  id: z.string().regex(/^[0-9a-f]*$/),
  label: z.string(),
  subject: z.string(),
  /** Organisation (O) of the subject, or its common name. */
  organisation: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  keyType: z.enum(['rsa', 'ec', 'other']),
  keySize: z.number().int().optional(),
  curve: z.string().optional(),
  /** SHA-256 of the DER certificate, hex. */
  sha256: z.string(),
  /** Whether this certificate can sign here (RSA, or ECDSA on P-256). */
  supported: z.boolean(),
});
export type SigningCertificateInfo = z.infer<typeof SigningCertificateInfo>;

const TokenSerial = z.string().min(1).max(64);
const CertificateId = z.string().regex(/^[0-9a-f]{0,256}$/);

export const LoginOutcome = z.object({
  token: SigningTokenInfo,
});

export const SignatureAlgorithm = z.enum(['rsa-pkcs1-sha256', 'ecdsa-p256-sha256']);
export type SignatureAlgorithm = z.infer<typeof SignatureAlgorithm>;

export const SignDigestRequest = z.object({
  token: TokenSerial,
  certificateId: CertificateId,
  /** The SHA-256 digest to sign; the private key never leaves the token. */
  digest: bytes('SHA-256', 32).refine((value) => value.byteLength === 32, 'cần đúng 32 byte SHA-256'),
});
export type SignDigestRequest = z.infer<typeof SignDigestRequest>;

export const SignedDigest = z.object({
  algorithm: SignatureAlgorithm,
  /** PKCS#1 v1.5 signature, or a DER ECDSA-Sig-Value. */
  signature: bytes('chữ ký', 1024),
});

/** PAdES levels this desk produces: B-B, and B-T when a time-stamp server is configured. */
export const PadesLevel = z.enum(['B-B', 'B-T']);
export type PadesLevel = z.infer<typeof PadesLevel>;

export const SignPdfRequest = z.object({
  token: TokenSerial,
  certificateId: CertificateId,
  /** The component PDF as stored (its SHA-256 is checked when given). */
  pdf: bytes('PDF', 512 * 1024 * 1024),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** The copy form printed above the agency's name (Nghị định 30/2020, Phụ lục I, Phần II, I.3.c). */
  copyForm: z.enum(['SAO Y', 'SAO LỤC', 'TRÍCH SAO']).optional(),
});
export type SignPdfRequest = z.infer<typeof SignPdfRequest>;

export const SignedPdf = z.object({
  /** The same bytes as the input, followed by one incremental update holding the signature. */
  pdf: bytes('PDF', 513 * 1024 * 1024),
  sha256: z.string(),
  /** SHA-256 of the unsigned revision (the prefix of `pdf`), unchanged. */
  unsignedSha256: z.string(),
  level: PadesLevel,
  /** The claimed signing time, ISO 8601 with +07:00: printed on the page and written as /M. */
  signedAt: z.string(),
  /** The time-stamp server's time (B-T), ISO 8601 with +07:00. */
  timestampedAt: z.string().optional(),
  bytesAdded: z.number().int(),
});
export type SignedPdf = z.infer<typeof SignedPdf>;

/**
 * Digital signatures with the agency's PKCS#11 token: main loads the vendor's module, lists tokens and
 * certificates, logs in with a PIN the officer types (passed through, never stored) and signs with the
 * key inside the token. A component PDF is signed as PAdES (ETSI.CAdES.detached) in an incremental update.
 */
export const signingService = defineService(
  'signing',
  {
    getSettings: { args: z.tuple([]), result: SigningSettings },
    saveSettings: { args: z.tuple([SigningSettings]), result: SigningSettings },
    listTokens: { args: z.tuple([]), result: z.array(SigningTokenInfo) },
    listCertificates: { args: z.tuple([TokenSerial]), result: z.array(SigningCertificateInfo) },
    login: { args: z.tuple([TokenSerial, z.string().min(4).max(64)]), result: LoginOutcome },
    logout: { args: z.tuple([TokenSerial]), result: z.object({ loggedIn: z.literal(false) }) },
    signDigest: { args: z.tuple([SignDigestRequest]), result: SignedDigest },
    signPdf: { args: z.tuple([SignPdfRequest]), result: SignedPdf },
  },
  {},
);
