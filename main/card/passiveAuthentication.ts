import { createHash, verify, X509Certificate, constants, type KeyObject } from 'node:crypto';
import { bytesEqual } from './bytes';
import type { SecurityObject } from './parseSod';

/**
 * The outcome of passive authentication (ICAO 9303 Part 11 §5.1). `verified` only when every data
 * group read hashes to the SOD's value, the SOD signature verifies with the document signer
 * certificate, and that certificate was issued by a CSCA of the trust store. Anything less is
 * reported as it is, never rounded up.
 */
export interface PassiveAuthResult {
  status: 'verified' | 'unverified' | 'tampered';
  /** Data groups whose hash matched the SOD. */
  hashesChecked: number[];
  /** Data groups whose hash did not match, or that the SOD does not list. */
  hashMismatches: number[];
  signatureValid: boolean;
  /** Subject of the CSCA that issued the document signer, when one of the trust store did. */
  trustedBy: string | undefined;
  /** Why the result is not `verified`, for the log and the officer. */
  problems: string[];
  documentSigner: string | undefined;
}

function signatureVerifies(sod: SecurityObject, key: KeyObject): boolean {
  const signed = sod.signer.signedAttributes ?? sod.eContent;
  const algorithm = sod.signer.signatureAlgorithm;
  const digest = algorithm.digest ?? sod.signer.digestAlgorithm;
  try {
    if (algorithm.kind === 'rsa-pss') {
      return verify(digest, signed, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength ?? 20 }, sod.signer.signature);
    }
    return verify(digest, signed, { key, dsaEncoding: 'der' }, sod.signer.signature);
  } catch {
    return false;
  }
}

/**
 * Checks the data groups read against the SOD, the SOD signature, and the signer's chain to the
 * trust store. `dataGroups` maps group number → the bytes read from the chip.
 */
export function passiveAuthentication(sod: SecurityObject, dataGroups: Map<number, Uint8Array>, trustStore: X509Certificate[]): PassiveAuthResult {
  const problems: string[] = [];
  const hashesChecked: number[] = [];
  const hashMismatches: number[] = [];
  for (const [number, bytes] of dataGroups) {
    const expected = sod.hashes.get(number);
    const actual = createHash(sod.hashAlgorithm).update(bytes).digest();
    if (expected && bytesEqual(new Uint8Array(actual), expected)) hashesChecked.push(number);
    else {
      hashMismatches.push(number);
      problems.push(expected ? `DG${number} hash does not match the SOD` : `DG${number} is not listed in the SOD`);
    }
  }
  let signatureValid = false;
  let documentSigner: string | undefined;
  let signer: X509Certificate | undefined;
  const certificate = sod.certificates[0];
  if (!certificate) problems.push('SOD carries no document signer certificate');
  else {
    try {
      signer = new X509Certificate(certificate);
      documentSigner = signer.subject;
    } catch (error) {
      problems.push(`document signer certificate unreadable: ${String(error)}`);
    }
  }
  if (signer) {
    const contentOk = sod.signer.signedAttributes === undefined || (sod.signer.messageDigest !== undefined && bytesEqual(new Uint8Array(createHash(sod.signer.digestAlgorithm).update(sod.eContent).digest()), sod.signer.messageDigest));
    if (!contentOk) problems.push('SOD messageDigest does not match its content');
    signatureValid = contentOk && signatureVerifies(sod, signer.publicKey);
    if (!signatureValid && contentOk) problems.push('SOD signature does not verify with the document signer key');
  }
  let trustedBy: string | undefined;
  if (signer && signatureValid) {
    const issuer = trustStore.find((csca) => {
      try {
        return signer.checkIssued(csca) && signer.verify(csca.publicKey);
      } catch {
        return false;
      }
    });
    trustedBy = issuer?.subject;
    if (!issuer) problems.push(trustStore.length === 0 ? 'no CSCA certificate is configured' : `document signer ${signer.issuer} is not issued by a trusted CSCA`);
  }
  const tampered = hashMismatches.length > 0 || (signer !== undefined && !signatureValid);
  return {
    status: tampered ? 'tampered' : signatureValid && trustedBy ? 'verified' : 'unverified',
    hashesChecked,
    hashMismatches,
    signatureValid,
    trustedBy,
    problems,
    documentSigner,
  };
}

/**
 * Passive authentication when there is no SOD to check against (the chip has none, or it does not
 * read or parse): nothing is verified and nothing can be called tampered; `problem` says why.
 */
export function withoutSecurityObject(problem: string): PassiveAuthResult {
  return { status: 'unverified', hashesChecked: [], hashMismatches: [], signatureValid: false, trustedBy: undefined, problems: [problem], documentSigner: undefined };
}
