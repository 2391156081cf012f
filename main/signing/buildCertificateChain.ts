import type { X509Certificate } from 'node:crypto';

/** Whether `issuer` issued `certificate`: names match and the signature checks with the issuer's key. */
export function issuedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export function isSelfSigned(certificate: X509Certificate): boolean {
  return issuedBy(certificate, certificate);
}

/**
 * The path from `leaf` up through `pool` (intermediates and roots, in any order), stopping at a
 * self-signed certificate, at a certificate no one in the pool issued, or after 8 steps. Each step
 * is checked cryptographically; the leaf comes first.
 */
export function buildCertificateChain(leaf: X509Certificate, pool: readonly X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 8 && !isSelfSigned(current); depth += 1) {
    const next = pool.find((candidate) => !chain.some((seen) => seen.fingerprint256 === candidate.fingerprint256) && issuedBy(current, candidate));
    if (!next) break;
    chain.push(next);
    current = next;
  }
  return chain;
}
