import { spawnSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PdfSigner } from '../../../main/signing/pades/signPdfPades';
import { requireTools } from '../ocr/requireTools';

function openssl(args: string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
}

/**
 * A P-256 root and signer made with OpenSSL, the signer's key in memory: for tests of what reads
 * signatures (the verifier, fuzzing), where no token is needed to make them.
 */
export function createSoftwareSigner(): { signer: PdfSigner; rootPem: string } {
  requireTools('openssl');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-soft-signer-'));
  const file = (name: string) => path.join(dir, name);
  writeFileSync(file('leaf.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('root.key'), '-out', file('root.pem'), '-days', '30', '-subj', '/CN=Fuzz Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('leaf.key'), '-out', file('leaf.csr'), '-subj', '/O=Fuzz Agency/CN=Fuzz Signer']);
  openssl(['x509', '-req', '-in', file('leaf.csr'), '-CA', file('root.pem'), '-CAkey', file('root.key'), '-CAcreateserial', '-days', '30', '-extfile', file('leaf.ext'), '-outform', 'DER', '-out', file('leaf.der')]);
  const key = createPrivateKey(readFileSync(file('leaf.key')));
  const certificate = new Uint8Array(readFileSync(file('leaf.der')));
  const rootPem = readFileSync(file('root.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return {
    signer: {
      certificate,
      chain: [],
      sign: async (_digest, message) => ({ algorithm: 'ecdsa-p256-sha256', signature: new Uint8Array(sign('sha256', message, { key, dsaEncoding: 'der' })) }),
    },
    rootPem,
  };
}
