import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireTools } from '../ocr/requireTools';

/** SoftHSM's PKCS#11 library as Debian installs it. */
export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface PeerCertificate {
  pem: string;
  der: Uint8Array;
  file: string;
}

export interface TokenKey extends PeerCertificate {
  /** CKA_ID in hex, shared by the key pair and its certificate on the token. */
  id: string;
  kind: 'rsa' | 'ec';
}

export interface SigningPeer {
  dir: string;
  /** SOFTHSM2_CONF for this peer's throw-away token folder; already set in process.env. */
  conf: string;
  modulePath: string;
  label: string;
  serial: string;
  pin: string;
  root: PeerCertificate;
  intermediate: PeerCertificate;
  keys: Record<'rsa' | 'ec', TokenKey>;
  /** A time-stamping certificate and key (files) for the local TSA. */
  tsa: { cert: string; key: string; chain: string };
  /** NSS database (sql:) holding the root as a trusted CA, for pdfsig. */
  nssDir: string;
  /** Deletes the token, as when it is pulled out of its reader. */
  removeToken(): void;
  cleanup(): void;
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

function certificate(file: string): PeerCertificate {
  const pem = readFileSync(file, 'utf8');
  const der = new Uint8Array(execFileSync('openssl', ['x509', '-in', file, '-outform', 'DER']));
  return { pem, der, file };
}

const PEERS = ['softhsm2-util', 'pkcs11-tool', 'openssl', 'certutil'];

/**
 * A real PKCS#11 token and a test PKI, made fresh in a temp folder: SoftHSM2 token (its own
 * SOFTHSM2_CONF) with an RSA-2048 and an ECDSA P-256 key pair generated on the token by OpenSC's
 * pkcs11-tool, a root CA (RSA-2048) and an intermediate CA (P-256) made with OpenSSL, each token key
 * certified by the intermediate (certificate and intermediate written onto the token), a TSA
 * certificate, and an NSS database trusting the root. A missing tool fails, it does not skip.
 */
export function createSigningPeer(options: { label?: string; pin?: string; agency?: string } = {}): SigningPeer {
  requireTools(...PEERS);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-signing-'));
  const tokens = path.join(dir, 'tokens');
  mkdirSync(tokens);
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n`);
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const label = options.label ?? 'Token thu nghiem';
  const pin = options.pin ?? '246810';
  run('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', '13572468', '--pin', pin], env);
  const tool = (...args: string[]) => run('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', label, ...args], env);
  const serial = /serial num\s*:\s*(\S+)/u.exec(run('pkcs11-tool', ['--module', SOFTHSM_MODULE, '-L'], env))?.[1];
  if (!serial) throw new Error('SoftHSM token has no serial');

  const file = (name: string) => path.join(dir, name);
  writeFileSync(file('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  writeFileSync(file('leaf.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  writeFileSync(file('tsa.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('root.key'), '-out', file('root.pem'), '-days', '3650', '-subj', '/C=VN/O=Desk Test PKI/CN=Desk Test Root CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('int.key'), '-out', file('int.csr'), '-subj', '/C=VN/O=Desk Test PKI/CN=Desk Test Issuing CA']);
  run('openssl', ['x509', '-req', '-in', file('int.csr'), '-CA', file('root.pem'), '-CAkey', file('root.key'), '-CAcreateserial', '-days', '1825', '-extfile', file('ca.ext'), '-out', file('int.pem')]);
  const agency = options.agency ?? 'Ủy ban nhân dân phường Thử Nghiệm';
  const keys = {} as Record<'rsa' | 'ec', TokenKey>;
  for (const [kind, id, keyType] of [
    ['rsa', '01', 'rsa:2048'],
    ['ec', '02', 'EC:prime256v1'],
  ] as const) {
    tool('--login', '--pin', pin, '--keypairgen', '--key-type', keyType, '--id', id, '--label', `ky-so-${kind}`);
    tool('--read-object', '--type', 'pubkey', '--id', id, '-o', file(`${kind}.pub.der`));
    run('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', file(`${kind}.pub.der`), '-out', file(`${kind}.pub.pem`)]);
    // The CSR is signed by a throw-away key; -force_pubkey puts the token's public key in the certificate.
    run('openssl', ['req', '-new', '-utf8', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file(`${kind}.dummy.key`), '-subj', `/C=VN/O=${agency}/CN=${agency} (${kind.toUpperCase()})`, '-out', file(`${kind}.csr`)]);
    run('openssl', ['x509', '-req', '-in', file(`${kind}.csr`), '-force_pubkey', file(`${kind}.pub.pem`), '-CA', file('int.pem'), '-CAkey', file('int.key'), '-CAcreateserial', '-days', '730', '-extfile', file('leaf.ext'), '-out', file(`${kind}.pem`)]);
    run('openssl', ['x509', '-in', file(`${kind}.pem`), '-outform', 'DER', '-out', file(`${kind}.der`)]);
    tool('--login', '--pin', pin, '--write-object', file(`${kind}.der`), '--type', 'cert', '--id', id, '--label', `ky-so-${kind}`);
    keys[kind] = { ...certificate(file(`${kind}.pem`)), id, kind };
  }
  // Tokens commonly carry their issuing CA too; the signer's chain is completed from it.
  run('openssl', ['x509', '-in', file('int.pem'), '-outform', 'DER', '-out', file('int.der')]);
  tool('--login', '--pin', pin, '--write-object', file('int.der'), '--type', 'cert', '--id', 'a0', '--label', 'issuing-ca');

  run('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('tsa.key'), '-out', file('tsa.csr'), '-subj', '/C=VN/O=Desk Test PKI/CN=Desk Test TSA']);
  run('openssl', ['x509', '-req', '-in', file('tsa.csr'), '-CA', file('int.pem'), '-CAkey', file('int.key'), '-CAcreateserial', '-days', '730', '-extfile', file('tsa.ext'), '-out', file('tsa.pem')]);
  writeFileSync(file('tsa-chain.pem'), readFileSync(file('int.pem')));

  const nssDir = path.join(dir, 'nss');
  mkdirSync(nssDir);
  run('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  run('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'Desk Test Root CA', '-t', 'CT,C,C', '-i', file('root.pem')]);

  return {
    dir,
    conf,
    modulePath: SOFTHSM_MODULE,
    label,
    serial,
    pin,
    root: certificate(file('root.pem')),
    intermediate: certificate(file('int.pem')),
    keys,
    tsa: { cert: file('tsa.pem'), key: file('tsa.key'), chain: file('tsa-chain.pem') },
    nssDir,
    removeToken() {
      run('softhsm2-util', ['--delete-token', '--serial', serial], env);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
