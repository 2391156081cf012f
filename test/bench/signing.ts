/**
 * Signing 100 component PDFs with one SoftHSM2 token through the desk's signing service (PAdES B-B,
 * each an incremental update with its visible appearance) against OpenSSL signing the same files
 * with the same token key through its PKCS#11 engine (`openssl cms -sign -engine pkcs11`, one process
 * per file, a detached CMS only), with `pkcs11-tool --sign` per file as the floor of the token path.
 * Prints the ratio (goal ≤ 1.2×) and the bytes each signature adds to a file.
 * Run: npm run bench -- signing   (or npx tsx test/bench/signing.ts [files=100] [key=rsa|ec])
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSigningService } from '../../main/signing/createSigningService';
import { packageScannedPdf } from '../../preload/shared/pdf/packageScannedPdf';
import { makePng } from '../support/makePng';
import { requireTools } from '../support/ocr/requireTools';
import { createSigningPeer } from '../support/signing/createSigningPeer';
import { pdfsig } from '../support/signing/validators';

// libengine-pkcs11-openssl, found by its id in OpenSSL's engines folder.
const ENGINE = 'pkcs11';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  requireTools('openssl', 'pkcs11-tool', 'pdfsig');
  const count = Number(process.argv[2] ?? 100);
  const kind = process.argv[3] === 'ec' ? 'ec' : 'rsa';
  const peer = createSigningPeer();
  try {
    const dataDir = path.join(peer.dir, 'data');
    mkdirSync(path.join(dataDir, 'trust'), { recursive: true });
    copyFileSync(peer.root.file, path.join(dataDir, 'trust', 'root.pem'));
    const filesDir = path.join(peer.dir, 'files');
    mkdirSync(filesDir);
    const files: Array<{ file: string; bytes: Uint8Array; sha256: string }> = [];
    for (let i = 0; i < count; i += 1) {
      // Two scanned pages per component, distinct bytes per file.
      const packaged = await packageScannedPdf({
        pages: [{ bytes: new Uint8Array(makePng(850, 1100, 2 + (i % 5))), dpi: 100 }, { bytes: new Uint8Array(makePng(850, 1100, 3 + (i % 7))), dpi: 100 }],
        component: `Thành phần ${i + 1}`,
        dossierCode: `000.00.16.H27-261203-${String(i + 1).padStart(4, '0')}`,
        createdAt: new Date('2026-12-03T02:00:00Z'),
      });
      const file = path.join(filesDir, `c${i}.pdf`);
      writeFileSync(file, packaged.bytes);
      files.push({ file, bytes: packaged.bytes, sha256: packaged.sha256 });
    }
    const meanSize = files.reduce((sum, f) => sum + f.bytes.length, 0) / files.length;

    // The desk: one service, one login, then every file through signPdf (in this process).
    const service = createSigningService({ dataDir, defaults: { modulePath: peer.modulePath, agencyName: 'Ủy ban nhân dân phường Thử Nghiệm' } });
    await service.login(peer.serial, peer.pin);
    await service.signPdf({ token: peer.serial, certificateId: peer.keys[kind].id, pdf: files[0]!.bytes }); // warm-up: library, font
    const deskTimes: number[] = [];
    const added: number[] = [];
    const started = performance.now();
    let last: Uint8Array | undefined;
    for (const f of files) {
      const t = performance.now();
      const signed = await service.signPdf({ token: peer.serial, certificateId: peer.keys[kind].id, pdf: f.bytes, sha256: f.sha256, copyForm: 'SAO Y' });
      deskTimes.push(performance.now() - t);
      added.push(signed.bytesAdded);
      last = signed.pdf;
    }
    const deskTotal = performance.now() - started;
    service.close();
    const lastFile = path.join(peer.dir, 'last-signed.pdf');
    writeFileSync(lastFile, last!);
    const check = pdfsig(lastFile, peer.nssDir);
    if (!check.signatureValid || !check.certificateTrusted) throw new Error(`desk output not valid: ${check.output}`);

    // The reference: OpenSSL's PKCS#11 engine, same token and key, a detached CMS per file with the chain.
    const env = { ...process.env, SOFTHSM2_CONF: peer.conf, PKCS11_MODULE_PATH: peer.modulePath };
    const uri = `pkcs11:token=${encodeURIComponent(peer.label)};id=%${peer.keys[kind].id};type=private;pin-value=${peer.pin}`;
    const opensslTimes: number[] = [];
    const opensslStarted = performance.now();
    for (const f of files) {
      const t = performance.now();
      const result = spawnSync('openssl', ['cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-nosmimecap', '-engine', ENGINE, '-keyform', 'engine', '-inkey', uri, '-signer', peer.keys[kind].file, '-certfile', peer.intermediate.file, '-in', f.file, '-out', `${f.file}.p7s`], { env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`openssl cms -sign: ${result.stderr}`);
      opensslTimes.push(performance.now() - t);
    }
    const opensslTotal = performance.now() - opensslStarted;

    // The floor: pkcs11-tool signing each file's SHA-256 (one process, one login, one C_Sign per file).
    const floorStarted = performance.now();
    for (const f of files) {
      const digest = `${f.file}.sha256`;
      writeFileSync(digest, createHash('sha256').update(f.bytes).digest());
      const mechanism = kind === 'rsa' ? 'RSA-PKCS' : 'ECDSA';
      const input = kind === 'rsa' ? `${f.file}.digestinfo` : digest;
      if (kind === 'rsa') writeFileSync(input, Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), createHash('sha256').update(f.bytes).digest()]));
      const result = spawnSync('pkcs11-tool', ['--module', peer.modulePath, '--token-label', peer.label, '--login', '--pin', peer.pin, '--sign', '--mechanism', mechanism, '--id', peer.keys[kind].id, '-i', input, '-o', `${f.file}.raw`], { env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`pkcs11-tool --sign: ${result.stderr}`);
    }
    const floorTotal = performance.now() - floorStarted;

    const ratio = deskTotal / opensslTotal;
    const meanAdded = added.reduce((sum, n) => sum + n, 0) / added.length;
    process.stdout.write(
      [
        `files: ${count} component PDFs, mean ${(meanSize / 1024).toFixed(0)} KiB, key ${kind === 'rsa' ? 'RSA-2048' : 'ECDSA P-256'} on SoftHSM2`,
        `desk signPdf (PAdES B-B, incremental update + appearance): ${deskTotal.toFixed(0)} ms total, median ${median(deskTimes).toFixed(1)} ms/file`,
        `openssl cms -sign via the pkcs11 engine (detached CMS only): ${opensslTotal.toFixed(0)} ms total, median ${median(opensslTimes).toFixed(1)} ms/file`,
        `pkcs11-tool --sign per file (floor of the token path): ${floorTotal.toFixed(0)} ms total`,
        `ratio desk / openssl: ${ratio.toFixed(2)}× (goal ≤ 1.2×) ${ratio <= 1.2 ? 'OK' : 'OVER GOAL'}`,
        `bytes added per signature: mean ${meanAdded.toFixed(0)} (min ${Math.min(...added)}, max ${Math.max(...added)})`,
        '',
      ].join('\n'),
    );
  } finally {
    peer.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
