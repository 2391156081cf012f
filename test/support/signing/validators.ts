import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { requireTools } from '../ocr/requireTools';

function run(tool: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What pdfsig (poppler, NSS) says about the first signature of a file. */
export interface PdfsigVerdict {
  signatureValid: boolean;
  certificateTrusted: boolean;
  wholeDocument: boolean;
  subFilter: string;
  output: string;
}

/** pdfsig with an NSS database (`sql:` folder) that trusts the test root. */
export function pdfsig(file: string, nssDir: string): PdfsigVerdict {
  requireTools('pdfsig');
  const { stdout, stderr } = run('pdfsig', ['-nssdir', `sql:${nssDir}`, file]);
  const output = `${stdout}${stderr}`;
  return {
    signatureValid: /Signature Validation: Signature is Valid\./u.test(output),
    certificateTrusted: /Certificate Validation: Certificate is Trusted\./u.test(output),
    wholeDocument: /Total document signed/u.test(output),
    subFilter: /Signature Type: (\S+)/u.exec(output)?.[1] ?? '',
    output,
  };
}

/** The last signature of a file read the plain way, without the project's PDF code: ByteRange and /Contents by pattern. */
export function extractLastSignature(bytes: Uint8Array): { signedBytes: Buffer; cms: Buffer; byteRange: number[] } {
  const text = Buffer.from(bytes).toString('latin1');
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/gu)];
  const last = matches[matches.length - 1];
  if (!last) throw new Error('no /ByteRange');
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  const hex = text.slice(a + b + 1, c - 1);
  const cms = Buffer.from(hex, 'hex');
  // DER states its own length; the reserved space after it is zeros.
  const length = cms[1]! & 0x80 ? 2 + (cms[1]! & 0x7f) + cms.subarray(2, 2 + (cms[1]! & 0x7f)).reduce((n, byte) => n * 256 + byte, 0) : 2 + cms[1]!;
  return { signedBytes: Buffer.concat([Buffer.from(bytes.subarray(a, a + b)), Buffer.from(bytes.subarray(c, c + d))]), cms: cms.subarray(0, length), byteRange: [a, b, c, d] };
}

export interface OpensslVerdict {
  verified: boolean;
  /** The signing-certificate-v2 hash in the signed attributes equals SHA-256 of the signer certificate. */
  signingCertificateV2Matches: boolean;
  hasSigningTime: boolean;
  output: string;
}

/**
 * OpenSSL as the second validator: `openssl cms -verify -binary -inform DER` over the bytes the
 * ByteRange names, with the test root as CAfile; and the signing-certificate-v2 hash, read with
 * `openssl asn1parse`, compared with the signer certificate's SHA-256.
 */
export function opensslVerify(bytes: Uint8Array, rootFile: string, signerDer: Uint8Array): OpensslVerdict {
  requireTools('openssl');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-cms-'));
  try {
    const { signedBytes, cms } = extractLastSignature(bytes);
    writeFileSync(path.join(dir, 'content.bin'), signedBytes);
    writeFileSync(path.join(dir, 'sig.der'), cms);
    const verify = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, 'sig.der'), '-content', path.join(dir, 'content.bin'), '-CAfile', rootFile, '-out', path.join(dir, 'out.bin')]);
    const parsed = run('openssl', ['asn1parse', '-inform', 'DER', '-in', path.join(dir, 'sig.der')]).stdout;
    // The signer's own signed attributes, as `cms -cmsout -print` lists them (a time-stamp token has its own).
    const printed = run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', path.join(dir, 'sig.der')]).stdout;
    const signedAttrs = printed.slice(printed.indexOf('signedAttrs:'), printed.indexOf('signatureAlgorithm:', printed.indexOf('signedAttrs:')));
    const lines = parsed.split('\n');
    const at = lines.findIndex((line) => line.includes('id-smime-aa-signingCertificateV2'));
    const hashLine = at === -1 ? undefined : lines.slice(at, at + 8).find((line) => line.includes('OCTET STRING') && line.includes('[HEX DUMP]:'));
    const declared = hashLine?.split('[HEX DUMP]:')[1]?.trim().toLowerCase();
    const actual = createHash('sha256').update(signerDer).digest('hex');
    return {
      verified: verify.status === 0 && /Verification successful/u.test(verify.stderr),
      signingCertificateV2Matches: declared === actual,
      hasSigningTime: signedAttrs.includes('signingTime'),
      output: `${verify.stderr}${verify.stdout}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `qpdf --check`: exit 0 and no errors. */
export function qpdfCheck(file: string): { ok: boolean; output: string } {
  requireTools('qpdf');
  const result = run('qpdf', ['--check', file]);
  return { ok: result.status === 0 && /No syntax or stream encoding errors found/u.test(result.stdout), output: `${result.stdout}${result.stderr}` };
}

interface Asn1Line {
  offset: number;
  depth: number;
  header: number;
  length: number;
  text: string;
}

function asn1Lines(file: string): Asn1Line[] {
  return run('openssl', ['asn1parse', '-inform', 'DER', '-in', file])
    .stdout.split('\n')
    .map((line) => /^\s*(\d+):d=\s*(\d+)\s+hl=\s*(\d+)\s+l=\s*(\d+)\s+(.*)$/u.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ offset: Number(m[1]), depth: Number(m[2]), header: Number(m[3]), length: Number(m[4]), text: m[5]! }));
}

/**
 * OpenSSL's `ts -verify` on the signature time-stamp of the last signature: the token and the
 * signature value it must cover are cut out of the CMS at the offsets `openssl asn1parse` gives, and
 * the token is checked against the SHA-256 of that value, with the test root as CAfile.
 */
export function opensslVerifyTimestamp(bytes: Uint8Array, rootFile: string, untrustedFile: string): { verified: boolean; output: string } {
  requireTools('openssl');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-tst-'));
  try {
    const { cms } = extractLastSignature(bytes);
    const cmsFile = path.join(dir, 'sig.der');
    writeFileSync(cmsFile, cms);
    const lines = asn1Lines(cmsFile);
    const oid = lines.findIndex((line) => line.text.includes(':id-smime-aa-timeStampToken'));
    if (oid === -1) return { verified: false, output: 'no signature time-stamp attribute' };
    const unsigned = lines.slice(0, oid).findLastIndex((line) => line.text.startsWith('cons: cont [ 1 ]'));
    const signature = lines.slice(0, unsigned).findLast((line) => line.depth === lines[unsigned]!.depth && line.text.startsWith('prim: OCTET STRING'));
    const token = lines.slice(oid + 1).find((line) => line.text.startsWith('cons: SEQUENCE'));
    if (!signature || !token) return { verified: false, output: 'token or signature value not found' };
    writeFileSync(path.join(dir, 'token.der'), cms.subarray(token.offset, token.offset + token.header + token.length));
    const value = cms.subarray(signature.offset + signature.header, signature.offset + signature.header + signature.length);
    const digest = createHash('sha256').update(value).digest('hex');
    const result = run('openssl', ['ts', '-verify', '-in', path.join(dir, 'token.der'), '-token_in', '-digest', digest, '-CAfile', rootFile, '-untrusted', untrustedFile]);
    return { verified: result.status === 0 && /Verification: OK/u.test(result.stdout), output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
